// A visitor's budget in their own words: "500以内", "不超过两千", "两千左右", "1k-2k", "under 300",
// "below $300", "300 to 500". A bare number is read as an amount in the catalog's currency; a
// currency the visitor names ("$300", "300元") is kept, so a budget in another currency than the
// catalog's is never applied as if it were ours (converting rates would be a guess).

export interface Budget {
  min?: number
  max?: number
  /** Set for "两千左右" / "around 2000": the amount asked, the range is ±20 % around it. */
  around?: number
}

/** Currency words and signs as the visitor writes them → ISO code. ¥ is read as yuan, as a Chinese shop's visitors mean it. */
const CURRENCIES: { code: string; pattern: RegExp }[] = [
  { code: 'USD', pattern: /(?<![A-Za-z])(?:us\$|\$|usd|dollars?|bucks)(?![A-Za-z])|美元|美金/i },
  { code: 'CNY', pattern: /[¥￥元块]|(?<![A-Za-z])(?:rmb|cny|yuan)(?![A-Za-z])|人民币/i },
]

/** The currency named in a budget phrase, if any. */
export function currencyIn(text: string): string | undefined {
  return CURRENCIES.find((c) => c.pattern.test(text))?.code
}

const AROUND_SPREAD = 0.2

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 }

/** "两千" 2000, "一千五" 1500, "三百五十" 350, "两万" 20000. */
export function chineseNumber(text: string): number | undefined {
  let total = 0
  let section = 0
  let digit: number | undefined
  let lastUnit = 1
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch]!
      if (digit === 0) lastUnit = 1
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10000
      section = 0
      digit = undefined
      lastUnit = 10000
    } else if (ch in UNITS) {
      section += (digit ?? (ch === '十' ? 1 : 0)) * UNITS[ch]!
      digit = undefined
      lastUnit = UNITS[ch]!
    } else return undefined
  }
  // "一千五": a digit after a unit counts in the next smaller unit.
  if (digit !== undefined) section += lastUnit >= 10 && lastUnit <= 1000 ? (digit * lastUnit) / 10 : digit
  const value = total + section
  return value > 0 ? value : undefined
}

const NUMBER = String.raw`(?:(?<![A-Za-z0-9.])\d+(?:\.\d+)?\s*(?:[kKwW](?![A-Za-z])|千|万)?|[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]*[十百千万][一二三四五六七八九]?)`
const CURRENCY_BEFORE = String.raw`(?:us\$|[¥￥$]|rmb|cny|usd)?\s*`
const CURRENCY_AFTER = String.raw`\s*(?:元|块钱?|人民币|美元|美金|rmb|cny|usd|yuan|dollars?|bucks)?`
const AMOUNT = `${CURRENCY_BEFORE}(${NUMBER})${CURRENCY_AFTER}`
/** Units that make a number something other than money: "8GB", "35g", "6岁", "3天". */
const NOT_MONEY = /^\s*(?:gb|tb|mah|hz|mm|cm|ml|g|kg|w|岁|天|小时|米|寸|英寸|%|寸|个月|年|款|种|色|号)/i

const PATTERNS: { re: RegExp; read: (a: number, b?: number) => Budget }[] = [
  { re: new RegExp(`(?:between\\s*)?${AMOUNT}\\s*(?:-|~|～|—|–|到|至|and|to)\\s*${AMOUNT}`, 'iu'), read: (a, b) => ({ min: Math.min(a, b!), max: Math.max(a, b!) }) },
  { re: new RegExp(`(?:不超过|不高于|不到|低于|少于|最多|控制在|预算(?:是|在|大概|有)?|under|below|less than|up to|within|no more than|not more than|at most|max(?:imum)?|cheaper than|budget(?: of| is)?)\\s*${AMOUNT}`, 'iu'), read: (a) => ({ max: a }) },
  { re: new RegExp(`(?:超过|高于|大于|至少|over|above|more than|at least|from)\\s*${AMOUNT}`, 'iu'), read: (a) => ({ min: a }) },
  { re: new RegExp(`${AMOUNT}\\s*(?:以内|以下|之内|内|封顶|or less|and under|or under|max)`, 'iu'), read: (a) => ({ max: a }) },
  { re: new RegExp(`${AMOUNT}\\s*(?:以上|起|or more|and up|plus)`, 'iu'), read: (a) => ({ min: a }) },
  { re: new RegExp(`(?:around|about|roughly|approximately|大概|差不多|大约)\\s*${AMOUNT}|${AMOUNT}\\s*(?:左右|上下|附近|上下吧)`, 'iu'), read: (a) => around(a) },
  // A bare amount with a currency ("300块的耳机", "$50 earbuds") means about that much.
  { re: new RegExp(`(?:us\\$|[¥￥$]|rmb|usd)\\s*(${NUMBER})|(${NUMBER})\\s*(?:元|块钱?|人民币|美元|美金|yuan|dollars?|bucks)`, 'iu'), read: (a) => around(a) },
]

function around(amount: number): Budget {
  return { around: amount, min: Math.round(amount * (1 - AROUND_SPREAD)), max: Math.round(amount * (1 + AROUND_SPREAD)) }
}

/** "1.5k" 1500, "2千" 2000, "两千" 2000, "3w" 30000. */
export function readAmount(text: string): number | undefined {
  const t = text.replace(/\s+/g, '')
  const m = t.match(/^(\d+(?:\.\d+)?)([kKwW千万])?$/)
  if (!m) return chineseNumber(t)
  const scale = !m[2] ? 1 : /[kK千]/.test(m[2]) ? 1000 : 10000
  return Math.round(Number(m[1]) * scale)
}

export function parseBudget(question: string): Budget | undefined {
  return parseBudgetIn(question)?.budget
}

/** The budget and, when the visitor named one ("$300", "300元"), its currency as an ISO code. */
export function parseBudgetIn(question: string): { budget: Budget; currency?: string } | undefined {
  for (const { re, read } of PATTERNS) {
    const m = question.match(re)
    if (!m) continue
    const after = question.slice((m.index ?? 0) + m[0].length)
    const amounts = m.slice(1).filter((g): g is string => g !== undefined).map(readAmount)
    if (!amounts.length || amounts.some((a) => a === undefined) || NOT_MONEY.test(after)) continue
    const currency = currencyIn(m[0])
    return { budget: read(amounts[0]!, amounts[1]), ...(currency && { currency }) }
  }
  return undefined
}

export function withinBudget(price: number, budget: Budget): boolean {
  return (budget.min === undefined || price >= budget.min) && (budget.max === undefined || price <= budget.max)
}
