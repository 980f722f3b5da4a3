// Order numbers in free text: after a keyword ("订单号 202311150123", "order #123456") or, failing
// that, a bare token of the configured format. A keyword followed by something of the wrong format
// ("订单号 12ab") is reported, so the assistant can ask again with the expected format.

export type OrderFinding = { kind: 'order'; value: string } | { kind: 'invalid'; value: string }

const KEYWORD =
  /(?:订单号码?|订单编号|订单|单号|\border\s*(?:number|no\.?|num|id|#)?)\s*(?:是|为|\bis\b)?\s*[:：#＃]?\s*([A-Za-z0-9-]*\d[A-Za-z0-9-]*)(?![A-Za-z0-9-])(?!\s*(?:天|个|件|号|月|年|日|\bdays?\b|\bitems?\b|\bpcs\b))/gi
/**
 * Letters where the order number should be: "订单号abc", "order #abc", "order number: abc". Only
 * after a keyword that names the number itself and with nothing between but a separator, so "订单
 * 状态" or "order number and date" are not read as one.
 */
const LETTERS_KEYED = /(?:订单号码?|订单编号|单号)\s*(?:是|为)?\s*[:：#＃]?\s*([A-Za-z][A-Za-z_-]{0,29})(?![A-Za-z0-9_-])|\border\s*(?:(?:number|no\.?|num|id)\s*(?:is\s*)?[:：#＃]|#|＃)\s*([A-Za-z][A-Za-z_-]{0,29})(?![A-Za-z0-9_-])/gi
const TOKEN = /(?<![A-Za-z0-9.\-/:])[A-Za-z0-9-]*\d[A-Za-z0-9-]*(?![A-Za-z0-9.\-/:])/g
/** Phone numbers the visitor gives as contact, not as order. */
const PHONE_BEFORE = /(?:电话|手机|联系方式|\bphone|\btel|\bmobile|\bcall)\s*(?:号码?|是|:|：|\bis\b)?\s*$/i

function fullMatch(pattern: RegExp, value: string): boolean {
  const m = pattern.exec(value)
  return m !== null && m[0] === value
}

/** `dateText`: the part already read as a date, so "2025-03-02" is not taken for an order number. */
export function findOrderNumber(text: string, pattern: RegExp, dateText?: string): OrderFinding | undefined {
  const rest = dateText ? text.replace(dateText, ' ') : text
  const keyed = [...rest.matchAll(KEYWORD)].map((m) => m[1]!)
  const good = keyed.find((v) => fullMatch(pattern, v))
  if (good) return { kind: 'order', value: good }
  if (keyed.length) return { kind: 'invalid', value: keyed[0]! }
  const letters = [...rest.matchAll(LETTERS_KEYED)].map((m) => (m[1] ?? m[2])!)
  const lettered = letters.find((v) => fullMatch(pattern, v))
  if (lettered) return { kind: 'order', value: lettered }
  let invalid: string | undefined
  for (const m of rest.matchAll(TOKEN)) {
    const value = m[0]
    if (PHONE_BEFORE.test(rest.slice(Math.max(0, m.index - 12), m.index))) continue
    if (fullMatch(pattern, value)) return { kind: 'order', value }
    // A long number of the wrong format is an order number mistyped; "X5" or "2025" is not.
    if (invalid === undefined && (value.match(/\d/g)?.length ?? 0) >= 5) invalid = value
  }
  // "订单号abc" was meant as the order number: say it is not one rather than ignore it.
  invalid ??= letters[0]
  return invalid === undefined ? undefined : { kind: 'invalid', value: invalid }
}

/** The config's pattern, anchored so a longer token never passes by containing a match. */
export function orderPattern(source: string): RegExp {
  return new RegExp(`^(?:${source.replace(/^\^/, '').replace(/\$$/, '')})$`)
}
