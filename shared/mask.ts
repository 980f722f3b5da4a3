// Masks personal data in free text before it leaves the device or the edge (the model, the event
// store, webhooks, the turn log, logs, exports): phone numbers (mainland mobile and landline, Hong
// Kong, Macau, Taiwan, any +<country code> or 00<country code> number), e-mail addresses, resident
// ID numbers (only when the checksum is valid, so an order number of the same length stays
// readable), bank cards (16–19 digits, only when Luhn-valid), QQ numbers and WeChat ids (after "QQ",
// "微信"…; `wxid_…` anywhere), passport, 港澳通行证 and other document numbers (after "护照",
// "通行证", "passport"…) and street addresses (…路88号, …小区3栋2单元501室, 12 Main Street).
// Numbers right after an order keyword ("订单号 6222…", "order #…") are left alone: the shop needs
// them, and they are not personal data. No dependencies, so the widget can import it too.
//
// Matching runs on an NFKC-normalised copy (full-width １３８ and ＠, circled and bold digits) without
// zero-width characters, mapped back to the original, which keeps everything that is not masked.
// The scan is one pass left to right over a table of character classes: a rule starts only where
// a run of digits, numerals or letters starts; a chain of digit groups is read once, each group
// trying at most 5 groups; the regular expressions see a slice of at most 24 characters, or are
// anchored (sticky) with no nested or overlapping quantifiers. So the time is linear in the input
// whatever its shape: 64 KB of the worst shapes in the tests takes 2–4 ms, 2,000 characters
// 20–40 µs (see mask.test.ts).

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** Digit i of a number (0-based), as a number. */
type Digits = (i: number) => number

/** The check character of an 18-digit resident ID, given its first 17 digits, compared with `last`. */
function idCheck(digit: Digits, last: string): boolean {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += digit(i) * ID_WEIGHTS[i]!
  return ID_CHECK[sum % 11] === last
}

function luhn(digit: Digits, length: number): boolean {
  let sum = 0
  for (let i = 0; i < length; i++) {
    let d = digit(length - 1 - i)
    if (i % 2 && (d *= 2) > 9) d -= 9
    sum += d
  }
  return sum % 10 === 0
}

/** GB 11643 (ISO 7064 MOD 11-2): the 18th character checks the first 17 digits. */
export function isValidResidentId(id: string): boolean {
  return /^\d{17}[\dXx]$/.test(id) && idCheck((i) => id.charCodeAt(i) - 48, id[17]!.toUpperCase())
}

/** The Luhn checksum that payment card numbers carry. */
export function isLuhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhn((i) => digits.charCodeAt(i) - 48, digits.length)
}

// Words that say what the number or id right after them is, a few characters before it.
const QQ = 'qq|企鹅'
const WX = '微信|wechat|weixin|vx|wx'
const DOC = '护照|passport|通行证|回乡证|证件|身份证|hkid|id ?card'
const TEL = '电话|手机|联系|致电|号码|热线|短信|tel|phone|mobile|call|whatsapp|sms'
const ORD = '订单|单号|运单|快递单|order|tracking'
/** Whether a text has anything that can make a word an id: a wxid, or a WeChat or document keyword. */
const ID_WORDS = new RegExp(`wxid_|${WX}|${DOC}`, 'i')
/**
 * Matched against the ≤ 20 characters without digits right before a number or word: an order
 * keyword right before it ("订单号：", "order no. "), else QQ, WeChat, document or phone words a few
 * characters before it, with no order keyword in between.
 */
const KIND = new RegExp(`(?:(${ORD})\\s*(?:号|编号|no\\.?|number|num|id)?(?:[\\s:#是为]|is)*|(?:(${QQ})|(${WX})|(${DOC})|${TEL})(?:(?!${ORD})\\D){0,10})$`, 'i')
/** Country calling codes: 1 and 7, the two-digit ones, else three digits. */
const CC = /^(?:[17]|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|\d{3})/
const EN_TYPES = 'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace'
const EN_TYPE = new RegExp(`\\b(?:${EN_TYPES})\\b`)
/** The house number of "12 Main Street" (its words stay). */
const EN_STREET = new RegExp(`\\d{1,5}[A-Za-z]?(?:\\s*[-,]\\s*\\d{1,5})?\\s+(?=(?:[A-Z][A-Za-z'.-]*\\s+){1,4}(?:${EN_TYPES})\\b)`, 'y')
/** Characters that vanish before matching: zero-width, soft hyphen, joiners, bidi controls. */
const INVISIBLE = /[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g
const UNIT_WORDS = '号栋幢座单层楼室户弄'

// Character classes, one bit each, looked up by char code.
const DIGIT = 1
const LETTER = 2
const NUMERAL = 4 // 0-9 and 一二三…百零〇两: house numbers
const SEP = 8 // between the groups of one number
const LOCAL = 16 // e-mail local part
const DOMAIN = 32
const WORD = 64 // ids: letters, digits, _ and -
const UNIT = 128 // 号, 栋, 室…
const HIDDEN = 256 // INVISIBLE
const STREET = 512 // a street or estate word's last character: 路, 街, 巷, 苑, 园, 村
const STREET2 = 1024 // …or the second of two: 大道, 胡同, 小区, 公寓, 大厦
const CLS = new Uint16Array(0x10000)
const CLASSES = [/\d/, /[A-Za-z]/, /[\d一二三四五六七八九十百零〇两]/, /[ \-.()\u2010-\u2015]/, /[\w.%+-]/, /[A-Za-z\d.-]/, /[\w-]/, new RegExp(`[${UNIT_WORDS}]`), INVISIBLE, /[路街巷苑园村]/, /[道同区寓厦]/]
const range = (a: number, b: number) => String.fromCharCode(...Array.from({ length: b - a + 1 }, (_, k) => a + k))
for (const ch of range(0, 127) + range(0x2010, 0x2015) + range(0x200b, 0x200f) + range(0x202a, 0x202e) + range(0x2060, 0x206f) + '\u00ad\u034f\u061c\u180e\ufeff一二三四五六七八九十百零〇两路街巷苑园村道同区寓厦' + UNIT_WORDS) {
  CLASSES.forEach((re, bit) => (re.lastIndex = 0) || (re.test(ch) && (CLS[ch.charCodeAt(0)]! |= 1 << bit)))
}

/** The text being masked, normalised, and the classes of its characters (shifted by one, 0 around). */
let n = ''
let classes = new Uint16Array(1024)
const cls = (p: number): number => classes[p + 1]!
const is = (p: number, ch: string): boolean => n.charCodeAt(p) === ch.charCodeAt(0)

function keep(s: string, head: number, tail: number): string {
  return s.slice(0, head) + '*'.repeat(Math.max(4, s.length - head - tail)) + s.slice(s.length - tail)
}

/** What a character becomes: null if it stays (so do expansions into 3 or more characters, …). */
const nfkcCache = new Map<number, string | null>()
function nfkc(c: number, ch: string): string | null {
  let r = nfkcCache.get(c)
  if (r === undefined) {
    r = (CLS[c] ?? 0) & HIDDEN ? '' : ch.normalize('NFKC')
    if (r === ch || r.length > 2) r = null
    if (nfkcCache.size > 999) nfkcCache.clear()
    nfkcCache.set(c, r)
  }
  return r
}

/** Pairs (index in n, index in the text) wherever the offset between the two changes. */
let marks = new Int32Array(64)
let marked = 0
function mark(inN: number, inText: number): void {
  if (marked + 2 > marks.length) marks = Int32Array.from({ length: marks.length * 2 }, (_, k) => marks[k] ?? 0)
  marks[marked++] = inN
  marks[marked++] = inText
}

/** The index in the text of index p in n. */
function at(p: number, length: number): number {
  let lo = 0
  let hi = marked / 2 - 1
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1
    if (marks[2 * m]! <= p) lo = m
    else hi = m - 1
  }
  return Math.min(marks[2 * lo + 1]! + p - marks[2 * lo]!, length)
}

/**
 * Sets `n` to the text in NFKC without invisible characters: 256 characters at a time natively,
 * character by character (marking where lengths change) where that changes the length.
 */
function normalise(text: string): void {
  const parts: string[] = []
  let size = 0
  marked = 0
  mark(0, 0)
  for (let i = 0, j = 0; i < text.length; i = j) {
    j = Math.min(i + 256, text.length)
    if ((text.charCodeAt(j - 1) & 0xfc00) === 0xd800) j++
    const chunk = text.slice(i, j)
    let out = chunk.normalize('NFKC')
    INVISIBLE.lastIndex = 0
    if (out.length !== chunk.length || INVISIBLE.test(out)) {
      out = ''
      let from = i
      for (let k = i; k < j; ) {
        const c = text.codePointAt(k)!
        const w = c > 0xffff ? 2 : 1
        const r = c < 0xa0 || (c > 0x4dff && c < 0xa000) ? null : nfkc(c, text.slice(k, k + w))
        k += w
        if (r === null) continue
        out += text.slice(from, k - w) + r
        from = k
        if (r.length !== w) mark(size + out.length, k)
      }
      out += text.slice(from, j)
    }
    parts.push(out)
    size += out.length
  }
  n = parts.length > 1 ? parts.join('') : (parts[0] ?? '')
  mark(size, text.length)
}

type Span = [start: number, end: number, replacement: string]

/** Whether the text can hold ids in words (found out on its first long word). */
let idWords: boolean | undefined
let kindAt = -1
let kind = ''

/**
 * What the words right before s (up to 20 characters, no digits) say the number or word at s is:
 * order, qq, wx, doc, tel or ''. Remembered for the last s.
 */
function kindOf(s: number): string {
  if (kindAt !== s) {
    let b = s
    while (b > s - 20 && b > 0 && !(cls(b - 1) & DIGIT)) b--
    const m = b < s - 1 && KIND.exec(n.slice(b, s))
    kindAt = s
    kind = m ? (m[1] ? 'order' : m[2] ? 'qq' : m[3] ? 'wx' : m[4] ? 'doc' : 'tel') : ''
  }
  return kind
}

/** Whether a word before s says what the number at s is (an order keyword does not count). */
const keyed = (s: number) => kindOf(s) !== '' && kind !== 'order'

/** Starts, ends and running digit counts of the groups of the chain being read (grown as needed). */
let groups = new Int32Array(96)
const groupLength = (g: number) => groups[3 * g + 1]! - groups[3 * g]!
/** The digits of the run of groups being checked. */
const windowDigits = new Uint8Array(20)
const inWindow: Digits = (i) => windowDigits[i]!

/**
 * The masked form of the digits `a` in groups g… g+k-1 if they are personal data, and how many
 * characters after them (an ID's X) it takes too; s is where the number starts, with its + or (.
 */
function numberMask(a: string, g: number, k: number, plus: boolean, x: boolean, s: number): [string, number?] | undefined {
  const len = a.length
  const g0 = groupLength(g)
  const intl = plus ? a : a.startsWith('00') && a[2] !== '0' ? a.slice(2) : g0 === 3 && k > 1 && /^(?:85[23]\d{8}|886\d{9})$/.test(a) ? a : ''
  if (intl.length === 13 && /^861[3-9]/.test(intl)) return [keep(intl.slice(2), 3, 4)]
  if (intl.length > 7 && intl.length < 16 && (plus || k > 1)) {
    const cc = plus ? g0 : a[0] === '0' ? g0 - 2 : 3
    return [`+${k > 1 && cc > 0 && cc < 4 ? intl.slice(0, cc) : CC.exec(intl)![0]} ****${intl.slice(-4)}`]
  }
  let rest = 99 // the shortest group after the first
  let restMax = 0
  let fours = true // every group but the last has 4 digits
  for (let i = g + 1; i < g + k; i++) {
    rest = Math.min(rest, groupLength(i))
    restMax = Math.max(restMax, groupLength(i))
    fours &&= groupLength(i - 1) === 4
  }
  if ((len === 11 || len === 13) && k < 5 && rest > 2 && (g0 > 2 || (g0 === 2 && len === 13)) && /^(?:86)?1[3-9]\d{9}$/.test(a)) return [keep(a.slice(-11), 3, 4)]
  const id = len === 17 && x ? a + 'X' : a
  if (id.length === 18 && k < 4 && isValidResidentId(id)) return [keep(id.toUpperCase(), 3, 4), id.length - len]
  if (len > 15 && (k === 1 || fours) && isLuhnValid(a)) return [keep(a, 4, 4)]
  if (len === 10 && k < 4 && g0 > 2 && rest > 2 && a.startsWith('09')) return [keep(a, 4, 3)]
  if (k > 1 && k < 4 && g0 > 1 && g0 < 5 && rest > 2 && len - g0 > 5 && len - g0 < 9 && a[0] === '0' && a[1] !== '0') return [`${a.slice(0, g0)}-****${a.slice(-4)}`]
  const kind = kindOf(s)
  if ((kind === 'qq' || kind === 'wx') && len < 12 && k < 4 && a[0] !== '0') return [keep(a, 2, 2)]
  if (kind === 'doc' && len > 6) return [keep(id, 1, 3), id.length - len]
  if (kind === 'tel' && len > 6 && len < 16 && !/^[48]00/.test(a) && !(k === 3 && g0 === 4 && restMax < 3)) return [keep(a, len > 9 ? 3 : 0, 4)]
}

/**
 * The chain of digit groups at i (joined by 1–3 of space - . ( ) and dashes), read once: at each
 * group, the longest run of ≤ 5 groups that is personal data is queued. Returns where it ends.
 */
function chain(i: number, queue: Span[]): number {
  let count = 0
  for (let j = i, total = 0; ; ) {
    let e = j
    while (cls(e) & DIGIT) e++
    if (count * 3 + 3 > groups.length) groups = Int32Array.from({ length: groups.length * 2 }, (_, k) => groups[k] ?? 0)
    groups[3 * count] = j
    groups[3 * count + 1] = e
    groups[3 * count++ + 2] = total += e - j
    let s = e
    while (s - e < 3 && cls(s) & SEP) s++
    if (s === e || !(cls(s) & DIGIT)) break
    j = s
  }
  for (let g = 0; g < count; g++) {
    const first = groups[3 * g]!
    const lead = n[first]
    const plus = is(first - 1, '+')
    const s = plus || is(first - 1, '(') ? first - 1 : first
    let digits = ''
    for (let m = Math.min(5, count - g); m > 0; m--) {
      const len = groups[3 * (g + m) - 1]! - (g ? groups[3 * g - 1]! : 0)
      if (len > 19) continue
      // Under 8 digits only a keyword before makes a number personal (QQ 12345); without one, under
      // 16 only a + or a phone number's first digits can (1…: 11 digits; 0…: 9–15; 8…: 11–13).
      if (len < 5 || (len < 8 && !keyed(s))) break
      if (!(plus || len > 15 || (lead === '1' ? len === 11 : lead === '0' ? len > 8 : lead === '8' && len > 10 && len < 14) || keyed(s))) continue
      const e = groups[3 * (g + m) - 2]!
      const x = (is(e, 'X') || is(e, 'x')) && !(cls(e + 1) & WORD)
      // 16–19 digits: a card or an ID only if its checksum says so, checked before any string is made.
      if (len > 15 && !plus && lead !== '0' && !keyed(s)) {
        for (let k = 3 * g, d = 0; k < 3 * (g + m); k += 3) for (let c = groups[k]!; c < groups[k + 1]!; c++) windowDigits[d++] = n.charCodeAt(c) - 48
        if (!luhn(inWindow, len) && !((len === 18 || (len === 17 && x)) && idCheck(inWindow, len === 17 ? 'X' : String(windowDigits[17])))) continue
      }
      if (!digits) for (let k = g; k < g + m; k++) digits += n.slice(groups[3 * k], groups[3 * k + 1])
      const r = numberMask(digits.slice(0, len), g, m, plus, x, s)
      if (r) {
        if (kindOf(s) !== 'order') queue.push([s, e + (r[1] ?? 0), r[0]])
        g += m - 1
        break
      }
    }
  }
  return groups[3 * count - 2]!
}

/** One unit of an address at p — 88号, 3栋, 2单元, 501室, B座, B-501室, 十二层 — its end, else -1. */
function unitEnd(p: number): number {
  let q = p
  if (cls(q) & LETTER) q += is(q + 1, '-') ? 2 : 1
  while (cls(q) & NUMERAL) q++
  if (q === p) return -1
  while (is(q, ' ')) q++
  if (!(cls(q) & UNIT)) return -1
  return is(q, '号') ? (is(q + 1, '楼') || is(q + 1, '院') ? q + 2 : q + 1) : !is(q, '单') ? q + 1 : is(q + 1, '元') ? q + 2 : -1
}

/** A run of units at i masked whole (its end, else -1): two or more, or one right after a street or estate. */
function addressAt(i: number): number {
  let units = 0
  let end = i
  for (let e = unitEnd(i); e > 0; e = unitEnd(e)) {
    units++
    end = e
    while (is(e, ' ') || is(e, '-')) e++
  }
  if (units > 1) return end
  if (!units) return -1
  // 建国路, 长安街, 世纪大道, 阳光小区, 望京花园…: a street or estate word after at least one more 汉字.
  let s = i
  while (s > i - 3 && is(s - 1, ' ')) s--
  const word = cls(s - 1) & STREET ? 1 : cls(s - 1) & STREET2 && /^(?:大道|胡同|小区|公寓|大厦)$/.test(n.slice(s - 2, s)) ? 2 : 0
  const han = n.charCodeAt(s - word - 1)
  return word && han > 0x33ff && han < 0xa000 ? end : -1
}

/** A word at i: a wxid anywhere; a WeChat id or a document number after its keyword. */
function wordAt(i: number): Span | undefined {
  let end = i
  while (cls(end) & WORD) end++
  if (end - i < 6 || !(idWords ??= ID_WORDS.test(n))) return
  const word = n.slice(i, end)
  if (/^wxid_\w{4}/i.test(word)) return [i, end, keep(word, 5, 2)]
  const kind = kindOf(i)
  if (kind === 'wx' && word.length < 21) return [i, end, keep(word, 2, 2)]
  if (kind === 'doc' && /^[A-Za-z]{1,2}\d{6,10}$/.test(word)) {
    const check = /^\([\dA]\)/.test(n.slice(end, end + 3)) ? n.slice(end, (end += 3)) : ''
    return [i, end, keep(word.toUpperCase() + check, 1, 3)]
  }
}

/** E-mail addresses, found from each @: the local part to its left, the domain to its right. */
function emails(): Span[] {
  const found: Span[] = []
  for (let a = n.indexOf('@'), floor = 0; a >= 0; a = n.indexOf('@', a + 1)) {
    let s = a
    let e = a + 1
    while (s > floor && cls(s - 1) & LOCAL) s--
    while (s < a && !(cls(s) & (DIGIT | LETTER))) s++
    while (cls(e) & DOMAIN) e++
    while (e > a && !(cls(e - 1) & (DIGIT | LETTER))) e--
    let dot = e
    while (dot > a && !is(dot - 1, '.')) dot--
    if (s < a && dot > a + 2 && e - dot > 1) {
      const domain = n.slice(a + 1, e)
      if (/^(?:[A-Za-z\d-]+\.)+[A-Za-z]{2,}$/.test(domain)) found.push([s, (floor = e), `${n[s]}***@${domain}`])
    }
  }
  return found
}

/** The text with personal data replaced by partly starred versions; everything else unchanged. */
export function maskPII(text: string): string {
  if (!text) return text
  normalise(text)
  const length = n.length
  // Reused between calls; not kept at many times the size a text needs after one huge text.
  if (classes.length < length + 4 || classes.length > 8 * length + 4096) classes = new Uint16Array(length + (length >> 1) + 4)
  for (let i = 0; i < length; i++) classes[i + 1] = CLS[n.charCodeAt(i)]!
  classes.fill(0, length + 1, length + 4)
  idWords = undefined
  kindAt = -1
  const streets = EN_TYPE.test(n)
  const queue: Span[] = []
  const mails = emails()
  let q = 0
  let mail = 0
  let chainEnd = 0
  let last = 0
  let out = ''
  let end = 0
  let next = 0 // no e-mail or queued number starts before this
  for (let i = 0, p = 0; i < length; ) {
    const t = cls(i)
    // Only where a digit, numeral or letter run starts is there anything to look at.
    if (i < next && !(t & ~p & (DIGIT | LETTER | NUMERAL))) {
      p = t
      i++
      continue
    }
    if (t & DIGIT && i >= chainEnd) {
      // A run of up to 4 digits on its own (3天, 256GB) is never a number worth reading further.
      let e = i
      while (cls(e) & DIGIT) e++
      chainEnd = e - i < 5 && !(cls(e) & SEP) ? e : chain(i, queue)
      next = Math.min(next, queue[q]?.[0] ?? length)
    }
    let found: Span | undefined
    if (i >= next) {
      while (mails[mail] && mails[mail]![0] < i) mail++
      while (queue[q] && queue[q]![0] < last) q++
      found = mails[mail]?.[0] === i ? mails[mail++] : queue[q] && queue[q]![0] <= i ? queue[q++] : undefined
      next = Math.min(mails[mail]?.[0] ?? length, queue[q]?.[0] ?? length)
    }
    let from = found ? found[0] : i
    let to = found ? found[1] : -1
    let masked = found ? found[2] : '***'
    if (to < 0 && t & ~p & (NUMERAL | LETTER)) to = addressAt(i)
    if (to < 0 && streets && t & DIGIT && !(p & WORD)) {
      EN_STREET.lastIndex = i
      const m = EN_STREET.exec(n)
      if (m) {
        to = i + m[0].length
        masked = '*** '
      }
    }
    const word = to < 0 && t & LETTER && !(p & WORD) && wordAt(i)
    if (word) [, to, masked] = word
    if (to > 0) {
      out += text.slice(end, Math.max(end, at(from, text.length))) + masked
      end = at(to, text.length)
    }
    i = to > 0 ? (last = to) : i + 1
    p = cls(i - 1)
  }
  return out ? out + text.slice(end) : text
}

/** Deeper than this, maskDeep replaces a value with null (no text can hide below it). */
export const MASK_DEPTH = 32

/**
 * Masks every string inside a JSON-like value (objects, arrays), leaving other values as they are;
 * a copy, walked with an explicit stack, so no nesting can overflow the call stack.
 */
export function maskDeep<T>(value: T): T {
  const root: Record<string, unknown> = { v: value }
  const stack: [Record<string, unknown>, string, number][] = [[root, 'v', 0]]
  for (let top; (top = stack.pop()); ) {
    const [holder, key, depth] = top
    const v = holder[key]
    if (typeof v === 'string') holder[key] = maskPII(v)
    else if (v && typeof v === 'object') {
      const copy = (holder[key] = depth < MASK_DEPTH ? (Array.isArray(v) ? [...v] : Object.fromEntries(Object.entries(v))) : null) as Record<string, unknown> | null
      if (copy) for (const k of Object.keys(copy)) stack.push([copy, k, depth + 1])
    }
  }
  return root.v as T
}
