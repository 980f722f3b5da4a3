// Purchase dates as visitors write them: "2025-03-02", "2025年3月2日", "去年3月", "3月5号", "上个月",
// "半年前", "March 2, 2025", "last March", "2 months ago". Relative to today in the shop's time zone.
// A date that does not exist, lies in the future or is too vague ("去年") is reported as such, so the
// assistant can ask again instead of guessing.

export interface Ymd {
  y: number
  m: number
  d: number
}

export type DateFinding =
  /** `approx`: only the month was given; the 1st is assumed. */
  | { kind: 'date'; date: Ymd; approx: boolean; text: string }
  | { kind: 'future' | 'invalid' | 'vague'; text: string }

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CN_NUM = '[零〇一二两三四五六七八九十]{1,3}'
const NUM = `(\\d{1,2}|${CN_NUM})`

/** "3", "十二", "二十一" → numbers; NaN for anything else. */
export function parseSmallNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text)
  if (text === '半') return 0.5
  const ten = text.indexOf('十')
  if (ten < 0) return text.length === 1 && text in CN_DIGITS ? CN_DIGITS[text]! : NaN
  const tens = ten === 0 ? 1 : CN_DIGITS[text[0]!] ?? NaN
  const ones = ten === text.length - 1 ? 0 : CN_DIGITS[text[ten + 1]!] ?? NaN
  return tens * 10 + ones
}

export const ymdKey = (x: Ymd) => x.y * 10000 + x.m * 100 + x.d
export const formatYmd = (x: Ymd) => `${x.y}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}`

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function valid(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && y >= 1990 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

/** `date` plus (or minus) whole months, the day clamped to the month's end: Jan 31 + 1 month = Feb 28/29. */
export function addMonths(date: Ymd, months: number): Ymd {
  const index = date.y * 12 + (date.m - 1) + months
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  return { y, m, d: Math.min(date.d, daysInMonth(y, m)) }
}

export function addDays(date: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days))
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: Ymd, b: Ymd): number {
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000)
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTH_NAME = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1
const EN_COUNT: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, 'a couple of': 2, 'a few': 3 }

type Rule = [RegExp, (m: RegExpExecArray, today: Ymd) => DateFinding | Ymd | { approx: Ymd } | undefined]

/** A day-less month (this year, or last year if it has not come yet). */
function recentMonth(month: number, today: Ymd, day = 1): Ymd {
  const y = month * 100 + day > today.m * 100 + today.d ? today.y - 1 : today.y
  return { y, m: month, d: day }
}

function exact(y: number, m: number, d: number, text: string): Ymd | DateFinding {
  return valid(y, m, d) ? { y, m, d } : { kind: 'invalid', text }
}

const RULES: Rule[] = [
  // 2025-03-02, 2025/3/2, 2025.03.02, 2025年3月2日
  [/(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)/, (m) => exact(Number(m[1]), Number(m[2]), Number(m[3]), m[0])],
  // 3/2/2025 (month first, unless the first number cannot be a month)
  [/(?<!\d)(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/, (m) => {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])]
    return a > 12 ? exact(y, b, a, m[0]) : exact(y, a, b, m[0])
  }],
  // March 2, 2025 / March 2nd 2025
  [new RegExp(`\\b${MONTH_NAME}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i'), (m) => exact(Number(m[3]), monthOf(m[1]!), Number(m[2]), m[0])],
  // 2 March 2025 / 2nd of March, 2025
  [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME}\\.?,?\\s+(\\d{4})\\b`, 'i'), (m) => exact(Number(m[3]), monthOf(m[2]!), Number(m[1]), m[0])],
  // 2025年3月, 2025-03, March 2025
  [new RegExp(`(?<!\\d)(\\d{4})\\s*年\\s*${NUM}\\s*月`), (m) => approx(Number(m[1]), parseSmallNumber(m[2]!), m[0])],
  [/(?<![\d-])(\d{4})[-/](\d{1,2})(?![-/\d])/, (m) => approx(Number(m[1]), Number(m[2]), m[0])],
  [new RegExp(`\\b${MONTH_NAME}\\.?,?\\s+(\\d{4})\\b`, 'i'), (m) => approx(Number(m[2]), monthOf(m[1]!), m[0])],
  // 去年3月(5号), 前年十二月, 今年1月
  [new RegExp(`(大前年|前年|去年|今年)\\s*${NUM}\\s*月(?:份)?(?:\\s*${NUM}\\s*[日号])?`), (m, today) => {
    const y = today.y - { 今年: 0, 去年: 1, 前年: 2, 大前年: 3 }[m[1] as '今年']
    const month = parseSmallNumber(m[2]!)
    return m[3] ? exact(y, month, parseSmallNumber(m[3]), m[0]) : approx(y, month, m[0])
  }],
  // 3月5号 (this year, or last year if that is still to come)
  [new RegExp(`(?<![\\d年个])${NUM}\\s*月\\s*${NUM}\\s*[日号]`), (m, today) => {
    const [month, day] = [parseSmallNumber(m[1]!), parseSmallNumber(m[2]!)]
    return valid(today.y, month, day) || valid(today.y - 1, month, day) ? recentMonth(month, today, day) : { kind: 'invalid', text: m[0] }
  }],
  // last March, in March, March 5 (no year)
  [new RegExp(`\\b${MONTH_NAME}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*,?\\s*\\d{4})`, 'i'), (m, today) => {
    const [month, day] = [monthOf(m[1]!), Number(m[2])]
    return valid(today.y - 1, month, day) ? recentMonth(month, today, day) : { kind: 'invalid', text: m[0] }
  }],
  [new RegExp(`\\b(?:last|in|since|back\\s+in)\\s+${MONTH_NAME}\\b`, 'i'), (m, today) => ({ approx: recentMonth(monthOf(m[1]!), today) })],
  // 3月买的, 十二月份 (no day)
  [new RegExp(`(?<![\\d年个上下这])${NUM}\\s*月(?:份)?(?!\\s*[\\d零〇一二两三四五六七八九十])`), (m, today) => {
    const month = parseSmallNumber(m[1]!)
    return month >= 1 && month <= 12 ? { approx: recentMonth(month, today) } : { kind: 'invalid', text: m[0] }
  }],
  // 3个月前, 半年前, 两周前, 10天前
  [/(\d{1,3}|[零〇一二两三四五六七八九十半]{1,3})\s*个?\s*(年|月|周|星期|礼拜|天)\s*(?:前|之前|以前)/, (m, today) => {
    const n = parseSmallNumber(m[1]!)
    return relative(today, n, ({ 年: 'year', 月: 'month', 周: 'week', 星期: 'week', 礼拜: 'week', 天: 'day' } as const)[m[2] as '年'], m[0])
  }],
  [/\b(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few)\s+(day|week|month|year)s?\s+ago\b/i, (m, today) => {
    const raw = m[1]!.toLowerCase()
    return relative(today, /^\d+$/.test(raw) ? Number(raw) : EN_COUNT[raw]!, m[2]!.toLowerCase() as 'day', m[0])
  }],
  [/上上个?月/, (_m, today) => ({ approx: { ...addMonths({ ...today, d: 1 }, -2) } })],
  [/上个?月|\blast\s+month\b/i, (_m, today) => ({ approx: { ...addMonths({ ...today, d: 1 }, -1) } })],
  [/上周|上星期|上礼拜|\blast\s+week\b/i, (_m, today) => addDays(today, -7)],
  [/前天|\bthe\s+day\s+before\s+yesterday\b/i, (_m, today) => addDays(today, -2)],
  [/昨天|\byesterday\b/i, (_m, today) => addDays(today, -1)],
  [/今天|\btoday\b/i, (_m, today) => today],
  // Only a year: too vague for a warranty that runs by the month.
  [/大前年|前年|去年|今年|(?<!\d)\d{4}\s*年(?!\s*\d)|\b(?:last|this)\s+year\b|\bin\s+\d{4}\b/i, (m) => ({ kind: 'vague', text: m[0] })],
]

function approx(y: number, m: number, text: string): DateFinding | { approx: Ymd } {
  return valid(y, m, 1) ? { approx: { y, m, d: 1 } } : { kind: 'invalid', text }
}

function relative(today: Ymd, n: number, unit: 'year' | 'month' | 'week' | 'day', text: string): Ymd | { approx: Ymd } | DateFinding {
  if (!Number.isFinite(n) || n < 0) return { kind: 'invalid', text }
  if (unit === 'day') return addDays(today, -Math.round(n))
  if (unit === 'week') return addDays(today, -Math.round(n * 7))
  const months = Math.round(unit === 'year' ? n * 12 : n)
  return { approx: addMonths(today, -months) }
}

/** The first purchase date `text` gives, checked against `today`; undefined when it names none. */
export function findPurchaseDate(text: string, today: Ymd): DateFinding | undefined {
  for (const [pattern, read] of RULES) {
    const m = pattern.exec(text)
    if (!m) continue
    const found = read(m, today)
    if (!found) continue
    if ('kind' in found) return found
    const isApprox = 'approx' in found
    const date = isApprox ? found.approx : found
    if (ymdKey(date) > ymdKey(today)) return { kind: 'future', text: m[0] }
    return { kind: 'date', date, approx: isApprox, text: m[0] }
  }
  return undefined
}
