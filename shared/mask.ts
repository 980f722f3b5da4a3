// Masks personal data in free text before it leaves the edge (webhook transcripts, operator logs):
// mainland mobile and landline numbers, e-mail addresses, 18-digit resident ID numbers (only when
// the checksum is valid, so an order number of the same length stays readable), bank card numbers
// (16–19 digits, only when Luhn-valid) and street addresses where they can be recognised
// (…路88号, …小区3栋2单元501室, 12 Main Street). No dependencies, so the widget can import it too.
//
// Numbers right after an order keyword ("订单号 6222…", "order #…") are left alone: the shop needs
// them, and they are not personal data.

const ORDER_CONTEXT = /(?:订单号?|订单编号|单号|运单号?|快递单号|order\s*(?:no\.?|number|num|id|#)?|tracking\s*(?:no\.?|number)?)\s*(?:是|为|is)?\s*[:：#]?\s*$/i

function afterOrderKeyword(text: string, offset: number): boolean {
  return ORDER_CONTEXT.test(text.slice(Math.max(0, offset - 24), offset))
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** GB 11643 (ISO 7064 MOD 11-2): the 18th character checks the first 17 digits. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase()
}

/** The Luhn checksum that payment card numbers carry. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

// 18-digit ID, possibly written 6-8-4 with spaces: 110101 19900307 123X.
const RESIDENT_ID = /(?<![\dA-Za-z])(\d{6})[ -]?(\d{8})[ -]?(\d{3}[\dXx])(?![\dA-Za-z])/g
// 16–19 digits, possibly in groups of four.
const BANK_CARD = /(?<![\d])\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?![\d])/g
// +86 138 1234 5678, 138-1234-5678, 13812345678.
const MOBILE = /(?<![\d+])(?:(?:\+|00)?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)/g
// 010-12345678, 0755 1234567, (010)12345678, （021）12345678.
const LANDLINE = /(?<!\d)(?:(0\d{2,3})[ -]|[(（](0\d{2,3})[)）] ?)(\d{3,4})[ -]?(\d{4})(?!\d)/g
const EMAIL = /([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})/g

const HAN_NUMBER = '[0-9０-９一二三四五六七八九十百零〇两]+'
/** One unit of a street address: 88号, 3栋, 2单元, 501室, 12层, B座, 7号楼, 3弄. */
const UNIT = `(?:${HAN_NUMBER}|[A-Za-z])\\s*(?:号楼|号院|号|栋|幢|座|单元|层|楼|室|户|弄)`
/** 建国路88号…, 长安街1号…, 幸福里3弄…: the street stays, the numbers go. */
const STREET_ADDRESS = new RegExp(`(\\p{Script=Han}{1,12}?(?:路|街|大道|大街|巷|胡同))\\s*(?:${UNIT}[\\s-]*)+(?:[A-Za-z0-9０-９-]*\\s*(?:室|户))?`, 'gu')
/** 阳光小区3栋2单元501室, 望京花园7号楼. */
const ESTATE_ADDRESS = new RegExp(`(\\p{Script=Han}{1,12}?(?:小区|花园|公寓|家园|新村|大厦|苑|园|村))\\s*(?:${UNIT}[\\s-]*)+`, 'gu')
/** 3栋2单元501室 on its own: two units or more. */
const UNIT_CHAIN = new RegExp(`(?<![0-9])(?:${UNIT}[\\s-]*){2,}`, 'gu')
const EN_STREET = /\b\d{1,5}[A-Za-z]?(?:\s*[-,]\s*\d{1,5})?\s+((?:[A-Z][A-Za-z'.-]*\s+){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace)\b\.?)/g

/** Cheap pre-check: text without digits, @ or address words has nothing to mask. */
const MAYBE_PII = /[\d０-９@]|号|栋|幢|单元|室/

function keep(digits: string, head: number, tail: number): string {
  return digits.slice(0, head) + '*'.repeat(Math.max(4, digits.length - head - tail)) + digits.slice(digits.length - tail)
}

/** The text with personal data replaced by partly starred versions; everything else unchanged. */
export function maskPII(text: string): string {
  if (!text || !MAYBE_PII.test(text)) return text
  let out = text
  if (/\d{3}/.test(out)) {
    out = out.replace(RESIDENT_ID, (m, a: string, b: string, c: string, offset: number, all: string) => {
      const id = a + b + c
      return isValidResidentId(id) && !afterOrderKeyword(all, offset) ? keep(id.toUpperCase(), 3, 4) : m
    })
    out = out.replace(BANK_CARD, (m, offset: number, all: string) => {
      const digits = m.replace(/[ -]/g, '')
      return digits.length >= 16 && isLuhnValid(digits) && !afterOrderKeyword(all, offset) ? keep(digits, 4, 4) : m
    })
    out = out.replace(MOBILE, (m, a: string, _b: string, c: string, offset: number, all: string) =>
      afterOrderKeyword(all, offset) ? m : `${a}****${c}`,
    )
    out = out.replace(LANDLINE, (m, a: string | undefined, b: string | undefined, _c: string, d: string, offset: number, all: string) =>
      afterOrderKeyword(all, offset) ? m : `${a ?? b}-****${d}`,
    )
  }
  if (out.includes('@')) out = out.replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
  if (/号|栋|幢|单元|室|弄|座/.test(out)) {
    out = out.replace(STREET_ADDRESS, (_m, street: string) => `${street}***`)
    out = out.replace(ESTATE_ADDRESS, (_m, estate: string) => `${estate}***`)
    out = out.replace(UNIT_CHAIN, '***')
  }
  if (/\d\s+[A-Z]/.test(out)) out = out.replace(EN_STREET, (_m, street: string) => `*** ${street}`)
  return out
}

/** Masks every string inside a JSON-like value (objects, arrays), leaving other values as they are. */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPII(value) as T
  if (Array.isArray(value)) return value.map((v) => maskDeep(v)) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskDeep(v)])) as T
  }
  return value
}
