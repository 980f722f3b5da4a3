// A safe markdown subset for replies, rendered straight to Preact vnodes (never HTML strings): paragraphs,
// line breaks, **bold**, `- ` and `1. ` lists, `#` headings (as bold lines) and [text](url) links.
// Links keep only http(s) and same-site paths; anything else (javascript:, data:…) shows its text only.
// Model text and stored history are untrusted; everything here ends up as text nodes.
import type { ComponentChildren, JSX } from 'preact'

/** The URL if it is http(s) or a site path (`/…`), else null. */
/** tel: and mailto: too, for the shop's own contact options (never for model text). */
export function safeContactUrl(url: unknown): string | null {
  return typeof url === 'string' && /^(tel:[+\d][\d\s-]*|mailto:[^\s@]+@[^\s@]+)$/i.test(url.trim()) ? url.trim() : safeUrl(url)
}

export function safeUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null
  const u = url.trim()
  return /^https?:\/\/[^\s]/i.test(u) || /^\/(?![/\\])/.test(u) ? u : null
}

const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)/g

export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = []
  let last = 0
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index))
    if (m[1] !== undefined) out.push(<strong>{inline(m[1])}</strong>)
    else {
      const href = safeUrl(m[3])
      out.push(href ? <a href={href} target="_blank" rel="noopener noreferrer">{m[2]}</a> : m[2])
    }
    last = m.index + m[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

const ITEM = /^\s*(?:[-*•]|(\d{1,9})[.)])\s+(.*)$/
const HEADING = /^\s*#{1,6}\s+(.*)$/

export function Markdown({ text }: { text: string }) {
  const blocks: JSX.Element[] = []
  let para: string[] = []
  let list: { start?: number; items: string[] } | null = null
  const flush = () => {
    if (para.length) blocks.push(<p>{para.flatMap((l, i) => (i ? [<br />, ...inline(l)] : inline(l)))}</p>)
    if (list) {
      const items = list.items.map((item) => <li>{inline(item)}</li>)
      blocks.push(list.start === undefined ? <ul>{items}</ul> : <ol start={list.start}>{items}</ol>)
    }
    para = []
    list = null
  }
  for (const line of text.split(/\r?\n/)) {
    const item = ITEM.exec(line)
    const heading = HEADING.exec(line)
    if (item) {
      const start = item[1] === undefined ? undefined : Number(item[1])
      if (para.length || (list && (list.start === undefined) !== (start === undefined))) flush()
      list ??= { start, items: [] }
      list.items.push(item[2]!)
    } else if (heading) {
      flush()
      blocks.push(<p><strong>{inline(heading[1]!)}</strong></p>)
    } else if (!line.trim()) flush()
    else {
      if (list) flush()
      para.push(line)
    }
  }
  flush()
  return <div class="md">{blocks}</div>
}
