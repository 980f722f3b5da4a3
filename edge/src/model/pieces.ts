// Cuts a finished answer into the small pieces a streaming model would send: a word at a time for
// English, two to four characters for Chinese, so the widget shows the answer being "typed".

const CHINESE_PIECE = 3

export function splitIntoPieces(text: string): string[] {
  const tokens = text.match(/[A-Za-z0-9'’.,:;!?%+¥$€£\-/]+\s*|\s+|./gsu) ?? []
  const pieces: string[] = []
  let group = ''
  for (const token of tokens) {
    if (token.length > 1 || /[A-Za-z0-9]/.test(token)) {
      // A Latin word (with its trailing space) is one piece of its own.
      if (group) pieces.push(group)
      group = ''
      pieces.push(token)
      continue
    }
    group += token
    if (group.length >= CHINESE_PIECE) {
      pieces.push(group)
      group = ''
    }
  }
  if (group) pieces.push(group)
  return pieces
}
