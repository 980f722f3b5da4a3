// A reply cut into WeChat text messages. WeChat takes at most 2,048 UTF-8 bytes a text (a Chinese
// character is 3, most emoji 4), so a long answer goes out as several. Each cut falls at the best
// place in the window that fits: a paragraph break, else a line break, else a sentence end, else any
// character, but never inside a surrogate pair (so never inside a UTF-8 sequence) nor, where it can
// be helped, inside an emoji sequence or before closing punctuation. A break is only taken in the
// window's second half, so a break near its start does not leave a tiny message before a long one.

/** WeChat's 2,048 less a margin for what a route may add around the text. */
export const DEFAULT_WECHAT_TEXT_BYTES = 2000

/** The smallest limit that still fits any one character (4 UTF-8 bytes). */
const MIN_BYTES = 4

export function splitForWechat(text: string, maxBytes = DEFAULT_WECHAT_TEXT_BYTES): string[] {
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_BYTES) throw new RangeError(`maxBytes must be a whole number ≥ ${MIN_BYTES}`)
  const pieces: string[] = []
  let rest = text.trim()
  while (rest) {
    const fit = fittingLength(rest, maxBytes)
    const cut = fit === rest.length ? fit : bestCut(rest, fit)
    const piece = rest.slice(0, cut).trim()
    if (piece) pieces.push(piece)
    rest = rest.slice(cut).trimStart()
  }
  return pieces
}

function utf8Length(codePoint: number): number {
  // A lone surrogate is sent as U+FFFD, 3 bytes, like the 0x800..0xFFFF it sits in.
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4
}

/** The longest prefix (in UTF-16 units, ending between code points) whose UTF-8 fits in maxBytes. */
function fittingLength(text: string, maxBytes: number): number {
  let bytes = 0
  let at = 0
  while (at < text.length) {
    const codePoint = text.codePointAt(at)!
    bytes += utf8Length(codePoint)
    if (bytes > maxBytes) break
    at += codePoint > 0xffff ? 2 : 1
  }
  return at
}

const PARAGRAPH = /\n[ \t\u3000]*\n/g
const LINE = /\n/g
// Chinese ends at once; ASCII ends only before a space, so "3.5" and "www.example.com" stay whole.
// Closing quotes and brackets right after the end stay with their sentence.
const SENTENCE = /(?:[。！？…]+|[.!?]+(?=[\s"'”’)）」』]|$))["'”’)）」』]*/g

/** Where to cut `text`, which is longer than the `fit` units that fit. */
function bestCut(text: string, fit: number): number {
  // A little past the window, so a match can see what follows it ("3.5", "！！") and be refused if it
  // would run past the window.
  const view = text.slice(0, fit + 8)
  for (const pattern of [PARAGRAPH, LINE, SENTENCE]) {
    const at = lastEndWithin(view, pattern, Math.floor(fit / 2), fit)
    if (at > 0) return at
  }
  return characterCut(text, fit)
}

/** The end of the last match of `pattern` that ends after `floor` and by `fit`; -1 if none. */
function lastEndWithin(view: string, pattern: RegExp, floor: number, fit: number): number {
  let best = -1
  for (const match of view.matchAll(pattern)) {
    const end = match.index + match[0].length
    if (end > floor && end <= fit) best = end
  }
  return best
}

/** Punctuation that reads wrong at the start of a message. */
const CLOSING = /[，。、！？；：…”’）」』》〉】,.!?;:)\]}]/

/** Does a cut at `at` part an emoji from its joiner, variation selector, skin tone or keycap, or start a piece with closing punctuation? */
function joinsAcross(text: string, at: number): boolean {
  const next = text.codePointAt(at) ?? 0
  return (
    next === 0x200d ||
    text.charCodeAt(at - 1) === 0x200d ||
    (next >= 0xfe00 && next <= 0xfe0f) ||
    (next >= 0x1f3fb && next <= 0x1f3ff) ||
    next === 0x20e3 ||
    CLOSING.test(text.charAt(at))
  )
}

const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff
const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff

/** `fit`, moved back a little if it would split an emoji sequence; a run too long to keep whole is cut at `fit` after all. */
function characterCut(text: string, fit: number): number {
  let at = fit
  while (at > 0 && fit - at < 16 && joinsAcross(text, at)) {
    at -= isLow(text.charCodeAt(at - 1)) && isHigh(text.charCodeAt(at - 2)) ? 2 : 1
  }
  return at > 0 && !joinsAcross(text, at) ? at : fit
}
