// The streaming shape the honesty guards share (discounts, stock): text streams at once up to where a
// claim could begin — a trigger, or a tail that may still grow into one ("En" of "Enter") — and from
// there the sentence is held until it ends (or outgrows `maxHold`), then checked whole. Subclasses say
// what to keep of a held piece; `said` is what the sentence already streamed before it.
const SENTENCE_END = /[。！？!?；\n]|\.(?=\s)/

export interface HoldOptions {
  trigger: RegExp
  tail: RegExp
  maxHold: number
}

export abstract class SentenceGuard {
  corrected = 0
  /** The current sentence's text already streamed, before the held part. */
  protected said = ''
  #pending = ''
  readonly #hold: HoldOptions

  constructor(hold: HoldOptions) {
    this.#hold = hold
  }

  /** What to stream of a held piece: all of it, or what remains once an unsupported claim is dropped. */
  protected abstract check(held: string): string

  /**
   * What is left of a held piece whose claim is dropped: only its sentence end, and only when the
   * sentence already said something that stands on its own ("X5 目前缺货。" → "X5 目前。" would not:
   * "抱歉，" + "。" neither), so the visitor never reads a dangling "，。".
   */
  protected dropped(held: string): string {
    this.corrected++
    const end = /[。！？!?；.]\s*$|\n$/.exec(held)?.[0] ?? ''
    if (end.includes('\n')) return '\n'
    if (!end) return ''
    // Chinese: the full stop after a clause that stands ("老客还可以！"); English: a space before the next sentence.
    const said = this.said.trim()
    if (!said) return ''
    if (/\p{Script=Han}$/u.test(said)) return said.length > 4 ? end.trim() : ''
    return /\s$/.test(this.said) ? '' : ' '
  }

  push(text: string): string {
    this.#pending += text
    let out = ''
    for (;;) {
      const m = SENTENCE_END.exec(this.#pending)
      if (!m) break
      const end = m.index + m[0].length
      out += this.check(this.#pending.slice(0, end))
      this.said = ''
      this.#pending = this.#pending.slice(end)
    }
    if (this.#pending.length > this.#hold.maxHold) {
      out += this.check(this.#pending)
      this.#pending = ''
    } else {
      const at = (m: RegExpExecArray | null) => (m ? m.index : this.#pending.length)
      const cut = Math.min(at(this.#hold.trigger.exec(this.#pending)), at(this.#hold.tail.exec(this.#pending)))
      const ready = this.#pending.slice(0, cut)
      out += ready
      this.said += ready
      this.#pending = this.#pending.slice(cut)
    }
    return out
  }

  end(): string {
    const rest = this.check(this.#pending)
    this.#pending = ''
    this.said = ''
    return rest
  }
}
