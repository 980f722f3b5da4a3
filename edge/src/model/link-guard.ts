// The link guard: a visitor only sees links the edge itself gave the model or shows: the turn's
// product pages, the site config's help and contact links, the referral link of the rules. It sits
// on the LLM's streamed text: a markdown link to anything else keeps its text without the link
// ([官方旗舰店](https://evil.example) → 官方旗舰店), a bare URL to anything else (https://…, www.…)
// is removed; each counts for `done.corrected`. Only text that may still become a link ("[…", "htt",
// a URL not yet ended) is held back; the rest streams as it comes.

/** A markdown link as the widget renders it: [text](target). */
const MD_LINK = /^\[([^\]\n]+)\]\(([^)\s]+)\)/
/** An unfinished markdown link at the start of the held text. */
const MD_PARTIAL = /^\[(?:[^\]\n]*|[^\]\n]+\](?:\([^)\s]*)?)$/
/** A bare URL: with a scheme, or starting www. It ends at a space, CJK text or closing punctuation. */
const BARE_URL = /^(?:https?:\/\/|www\.)[^\s<>"'`\]\)\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*/i
/** Where a link or URL can start: "[", a scheme, "www." (not inside a word). */
const START = /\[|https?:\/\/|(?<![A-Za-z0-9.-])www\./i
/** Longest held link before it is given up as one. */
const MAX_LINK = 500

/** A URL as links are compared: no scheme, lower-case host, no trailing slash. */
export function linkKey(url: string): string {
  const u = url.trim().replace(/^https?:\/\//i, '')
  const slash = u.indexOf('/')
  const host = slash < 0 ? u : u.slice(0, slash)
  return (host.toLowerCase() + (slash < 0 ? '' : u.slice(slash))).replace(/\/+$/, '')
}

/** Every http(s) URL or site path in a text (for the allowed list: the rules' own sentences). */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"'`)\]\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/gi)].map((m) => trimEnd(m[0]))
}

/** A URL's trailing punctuation belongs to the sentence: "see https://a.example/x." */
function trimEnd(url: string): string {
  return url.replace(/[.,;:!?'"]+$/, '')
}

export class LinkGuard {
  /** Links and URLs removed so far, for `done.corrected`. */
  corrected = 0
  readonly #allowed: (url: string) => boolean
  #pending = ''

  /** `allowed`: the exact links the model may show; or a test. */
  constructor(allowed: Iterable<string> | ((url: string) => boolean)) {
    if (typeof allowed === 'function') this.#allowed = allowed
    else {
      const keys = new Set([...allowed].map(linkKey))
      this.#allowed = (url) => keys.has(linkKey(url))
    }
  }

  push(text: string): string {
    this.#pending += text
    return this.#release(false)
  }

  end(): string {
    return this.#release(true)
  }

  #release(final: boolean): string {
    let out = ''
    for (;;) {
      const s = START.exec(this.#pending)
      const tail = final ? this.#pending.length : partialStart(this.#pending)
      const at = s && s.index < tail ? s.index : tail
      out += this.#pending.slice(0, at)
      this.#pending = this.#pending.slice(at)
      if (!s || s.index >= tail) return out
      const step = this.#link(final)
      if (step === undefined) return out // wait for more
      out += step
    }
  }

  /** The held text starts a link: what to show for it (consumed from #pending), or undefined to wait. */
  #link(final: boolean): string | undefined {
    const p = this.#pending
    if (p.startsWith('[')) {
      const md = MD_LINK.exec(p)
      if (md) {
        this.#pending = p.slice(md[0].length)
        if (this.#allowed(md[2]!)) return this.#bareUrls(md[0].slice(0, md[1]!.length + 1)) + md[0].slice(md[1]!.length + 1)
        this.corrected++
        return this.#bareUrls(md[1]!)
      }
      if (!final && MD_PARTIAL.test(p) && p.length < MAX_LINK) return undefined
      this.#pending = p.slice(1)
      return '['
    }
    const url = BARE_URL.exec(p)![0]
    if (url.length === p.length && !final && p.length < MAX_LINK) return undefined
    const link = trimEnd(url)
    this.#pending = p.slice(link.length)
    if (this.#allowed(link)) return link
    this.corrected++
    return ''
  }

  /** A link text's own bare URLs, checked (a disallowed link's text may be a URL itself). */
  #bareUrls(text: string): string {
    return text.replace(/(?:https?:\/\/|(?<![A-Za-z0-9.-])www\.)[^\s<>"'`\]\)\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*/gi, (u) => {
      const link = trimEnd(u)
      if (this.#allowed(link)) return u
      this.corrected++
      return u.slice(link.length)
    })
  }
}

/** Where a tail that may still become a link start begins ("[" is found by START; "htt", "ww"): else the length. */
function partialStart(text: string): number {
  const m = /(?<![A-Za-z0-9.-])([A-Za-z:/.]{1,7})$/.exec(text)
  if (!m) return text.length
  const tail = m[1]!.toLowerCase()
  return ['https://', 'http://', 'www.'].some((w) => w.startsWith(tail) && tail.length < w.length) ? m.index : text.length
}
