// WeChat's message XML, read and written by hand: a root <xml> whose children are elements with text
// or CDATA. The reader knows no DTDs, no entities beyond XML's five and numeric references, no
// comments and no processing instructions (only a leading <?xml …?>): they are refused, so XXE and
// entity expansion ("billion laughs") cannot happen by construction. DOMParser is not on Workers anyway.
//
// Reading flattens nesting into dotted keys: <ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo>
// gives { 'ScanCodeInfo.ScanType': 'qrcode' }. A repeated sibling gets an index from its second
// occurrence on: <PicList><item>…</item><item>…</item></PicList> gives PicList.item.… and
// PicList.item[1].…. An element with children has no value of its own. Text outside CDATA is trimmed
// (WeChat indents some samples), CDATA is kept verbatim; attributes are refused (WeChat sends none).

export type WechatXmlReason =
  | 'too_large'
  | 'doctype'
  | 'entity'
  | 'comment'
  | 'declaration'
  | 'processing_instruction'
  | 'not_wechat_root'
  | 'too_deep'
  | 'malformed'

export class WechatXmlError extends Error {
  override name = 'WechatXmlError'
  constructor(
    readonly reason: WechatXmlReason,
    message: string,
  ) {
    super(message)
  }
}

/** Nesting below <xml>; WeChat's deepest (SendPicsInfo.PicList.item.PicMd5Sum) is 3. */
const MAX_DEPTH = 8
// No dots: a dotted key always means nesting, so no element can pose as another's child.
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

export function parseWechatXml(text: string, maxBytes = 64 * 1024): Record<string, string> {
  // Each UTF-16 unit is at least one UTF-8 byte: the cheap check first, the exact one after.
  if (text.length > maxBytes || new TextEncoder().encode(text).length > maxBytes) {
    throw new WechatXmlError('too_large', `WeChat XML is larger than ${maxBytes} bytes`)
  }
  // A Map, then fromEntries: an element named __proto__ becomes a plain key, never the prototype.
  const out = new Map<string, string>()
  let at = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0)
  if (text.startsWith('<?xml', at) && /\s/.test(text.charAt(at + 5))) {
    const end = text.indexOf('?>', at)
    if (end < 0 || text.slice(at + 2, end).includes('<')) fail('malformed', 'the <?xml …?> declaration is not closed')
    at = skipSpace(text, end + 2)
  }
  refuseMarkup(text, at)
  const root = readOpenTag(text, at)
  if (root.name !== 'xml') fail('not_wechat_root', 'the root element must be <xml>')
  at = root.selfClosing ? root.end : readContent(text, root.end, 'xml', [], 0, out)
  if (skipSpace(text, at) !== text.length) fail('malformed', 'content after the closing </xml>')
  return Object.fromEntries(out)
}

function fail(reason: WechatXmlReason, message: string): never {
  throw new WechatXmlError(reason, message)
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text.charAt(at))) at++
  return at
}

/** At a `<`: refuse anything but an element tag (CDATA is handled by the caller before this). */
function refuseMarkup(text: string, at: number): void {
  if (text.startsWith('<!', at)) {
    const head = text.slice(at, at + 9).toUpperCase()
    if (head.startsWith('<!DOCTYPE')) fail('doctype', 'DOCTYPE declarations are not allowed in WeChat XML')
    if (head.startsWith('<!ENTITY')) fail('entity', 'ENTITY declarations are not allowed in WeChat XML')
    if (head.startsWith('<!--')) fail('comment', 'comments are not allowed in WeChat XML')
    fail('declaration', 'markup declarations other than CDATA are not allowed in WeChat XML')
  }
  if (text.startsWith('<?', at)) fail('processing_instruction', 'processing instructions are not allowed in WeChat XML')
}

function readOpenTag(text: string, at: number): { name: string; end: number; selfClosing: boolean } {
  if (text.charAt(at) !== '<') fail('malformed', 'expected an element')
  const close = text.indexOf('>', at)
  if (close < 0) fail('malformed', 'an element tag is not closed')
  let inner = text.slice(at + 1, close)
  const selfClosing = inner.endsWith('/')
  if (selfClosing) inner = inner.slice(0, -1)
  const name = inner.trimEnd()
  if (!NAME.test(name)) fail('malformed', /\s/.test(name) ? 'attributes are not allowed in WeChat XML' : 'an element tag is not well formed')
  return { name, end: close + 1, selfClosing }
}

/** Reads an element's content up to and including `</name>`, into `out`; returns the index after it. */
function readContent(text: string, at: number, name: string, path: string[], depth: number, out: Map<string, string>): number {
  let value = ''
  let hasChildren = false
  const seen = new Map<string, number>()
  for (;;) {
    const lt = text.indexOf('<', at)
    if (lt < 0) fail('malformed', `<${name}> is not closed`)
    const plain = text.slice(at, lt).trim()
    if (plain) value += unescapeText(plain)
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9)
      if (end < 0) fail('malformed', 'a CDATA section is not closed')
      value += text.slice(lt + 9, end)
      at = end + 3
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt)
      if (end < 0 || text.slice(lt + 2, end).trimEnd() !== name) fail('malformed', `<${name}> is closed by another tag`)
      if (value && (hasChildren || path.length === 0)) fail('malformed', `<${name}> mixes text and elements`)
      if (!hasChildren && path.length > 0) out.set(path.join('.'), value)
      return end + 1
    } else {
      refuseMarkup(text, lt)
      if (depth >= MAX_DEPTH) fail('too_deep', `WeChat XML nests deeper than ${MAX_DEPTH} levels`)
      const child = readOpenTag(text, lt)
      const count = seen.get(child.name) ?? 0
      seen.set(child.name, count + 1)
      const childPath = [...path, count ? `${child.name}[${count}]` : child.name]
      hasChildren = true
      if (child.selfClosing) {
        out.set(childPath.join('.'), '')
        at = child.end
      } else {
        at = readContent(text, child.end, child.name, childPath, depth + 1, out)
      }
    }
  }
}

function unescapeText(raw: string): string {
  return raw.replace(/&([^;&]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) fail('malformed', 'a bare & in text (write &amp;)')
    const named = NAMED_ENTITIES[body]
    if (named !== undefined) return named
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body)
    if (!numeric) fail('entity', 'only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed')
    const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2])
    if (!isXmlChar(code)) fail('malformed', 'a numeric reference to a character XML does not allow')
    return String.fromCodePoint(code)
  })
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  )
}

/** A value in a reply: strings go in CDATA, numbers as text, objects nest, an array renders each object as <item>. */
export type XmlValue = string | number | XmlObject | XmlObject[]
export interface XmlObject {
  [key: string]: XmlValue
}

/** `<xml>…</xml>` for a passive reply or an encrypted envelope. */
export function buildWechatXml(root: XmlObject): string {
  return `<xml>${renderChildren(root)}</xml>`
}

function renderChildren(object: XmlObject): string {
  let xml = ''
  for (const [key, value] of Object.entries(object)) {
    if (!NAME.test(key)) throw new WechatXmlError('malformed', 'an element name must be letters, digits, _ and -')
    xml += `<${key}>${renderValue(value)}</${key}>`
  }
  return xml
}

function renderValue(value: XmlValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WechatXmlError('malformed', 'numbers in WeChat XML must be finite')
    return String(value)
  }
  if (typeof value === 'string') return cdata(value)
  if (Array.isArray(value)) return value.map((item) => `<item>${renderChildren(item)}</item>`).join('')
  return renderChildren(value)
}

// Characters XML 1.0 forbids even in CDATA (C0 controls but tab and newlines, lone surrogates,
// U+FFFE/U+FFFF): a model's reply may carry one, and WeChat would reject the whole reply for it.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** A CDATA section, `]]>` inside split across two sections so the text survives whole. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}
