// Reading a flow's slots from what the visitor writes, several at once ("给女朋友买，两千左右，简约一点"
// fills recipient, budget and style), each with a confidence: an explicit budget ("两千以内") or an
// exact synonym is sure; a bare amount ("两千") or a near miss ("简洁" for 简约) is a guess that the
// flow confirms before it relies on it. Plus the little words of a conversation: skip, yes, no,
// change, start over, carry on. Enum options are read by options.ts.
import type { FlowConfig, FlowSlotConfig } from '../../../../shared/config.ts'
import { localized } from '../../../../shared/config.ts'
import { chineseNumber, currencyIn, parseBudget, readAmount, type Budget } from '../../knowledge/budget.ts'
import { wordsPattern } from '../../knowledge/synonyms.ts'
import { CHANGED, EXPLICIT, GUESS, SURE, type Fill, type ReadOptions } from './fill.ts'
import { readEnums } from './options.ts'
import type { SlotValue } from './state.ts'

export { CONFIDENT, type Fill, type ReadOptions } from './fill.ts'
export { listPieces, negated } from './options.ts'

const AROUND_SPREAD = 0.2

const SKIP = /^(?:跳过|跳过吧|都可以|都行|随便|随意|无所谓|不限|没要求|没有要求|没什么要求|不知道|不确定|不清楚|没想好|看着办|你定|你看着推荐|skip|any|anything|whatever|no preference|doesn'?t matter|not sure|don'?t know|either|any is fine)(?:[\s。.!！~～,，]|吧|啊|呀|哦|的)*$/i
const YES = /^(?:是的?|是啊|对的?|对啊|没错|嗯+|恩|好的?|好啊|可以|行|确认|就这样|没问题|yes|yeah|yep|yup|right|correct|sure|ok(?:ay)?|that'?s right)(?=$|[\s,，。.!！~～]|吧|啊|呀)/i
const NO = /^(?:不对|不是|错了|改一下|修改|改改|换一下|不用|no|nope|wrong|change it|not quite|not really)(?=$|[\s,，。.!！~～]|吧|啊|呀)/i
const CHANGE = /改成|改为|改到|换成|换为|变成|换个|改个|改一下|其实是|应该是|\b(?:change|switch|instead|actually|make it)\b/i
const RESTART = /重新(?:开始|挑|选|来)|从头(?:开始|来)|\b(?:start over|restart|start again)\b/i
const RESUME = /^(?:继续|接着|回到刚才|刚才(?:的|那个)|继续挑|继续选|\b(?:continue|go on|resume|back to)\b)/i
/** The visitor asks something rather than answers. */
const QUESTION = /[?？]|吗|呢|么|怎么|什么|多少|哪|几|能否|能不能|是不是|有没有|可不可以|\b(?:how|what|which|when|where|why|who|can|could|does|do you|is it|are you)\b/i
const SMALL_TALK = /^(?:你好|您好|谢谢|多谢|感谢|哈哈|再见|拜拜)|^(?:hi|hello|hey|thanks?|thank you|bye)\b/i

/** Units after a number that make it something other than money: "8GB", "6岁", "3天". */
const NOT_MONEY = /^\s*(?:gb|tb|mah|hz|mm|cm|ml|g|kg|w|岁|周岁|年级|天|小时|米|寸|英寸|%|个|只|件|位|次|号|码|代|个月|年|款|种|色|years?|yrs?|yo\b)/i
const BARE_AMOUNT = /(?<![A-Za-z0-9.])(\d+(?:\.\d+)?\s*(?:[kKwW](?![A-Za-z])|千|万)?)|([一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]*[十百千万][一二三四五六七八九]?)/gu
const BUDGET_WORD = /预算|价位|价钱|价格|\b(?:budget|spend|price)\b/i
/** Bare amounts smaller than this are money only as the answer to the budget question. */
const MIN_BARE_AMOUNT = 50

export interface TurnCues {
  skip: boolean
  yes: boolean
  no: boolean
  change: boolean
  restart: boolean
  resume: boolean
  question: boolean
  smallTalk: boolean
}

export function cuesOf(text: string): TurnCues {
  const t = text.trim()
  return {
    skip: SKIP.test(t),
    yes: YES.test(t),
    no: NO.test(t),
    change: CHANGE.test(t),
    restart: RESTART.test(t),
    resume: RESUME.test(t),
    question: QUESTION.test(t),
    smallTalk: SMALL_TALK.test(t),
  }
}

function around(amount: number): Budget {
  return { around: amount, min: Math.round(amount * (1 - AROUND_SPREAD)), max: Math.round(amount * (1 + AROUND_SPREAD)) }
}

/** The same kind of budget as before, at a new amount: "两千以内" then "改成三千" → 3000以内. */
function likeBefore(amount: number, before: SlotValue | undefined): Budget {
  const b = before && typeof before === 'object' && !Array.isArray(before) ? before : undefined
  if (!b || b.around !== undefined) return around(amount)
  if (b.max !== undefined && b.min === undefined) return { max: amount }
  if (b.min !== undefined && b.max === undefined) return { min: amount }
  return around(amount)
}

interface Amount {
  value: number
  start: number
  end: number
}

/** Amounts with no budget words around them: "两千", "2000", "1.5k". */
function bareAmounts(text: string): Amount[] {
  const out: Amount[] = []
  for (const m of text.matchAll(BARE_AMOUNT)) {
    const raw = m[0]
    const end = m.index + raw.length
    if (NOT_MONEY.test(text.slice(end)) || /^[A-Za-z]/.test(text.slice(end))) continue
    const value = readAmount(raw)
    if (value !== undefined) out.push({ value, start: m.index, end })
  }
  return out
}

/** The whole message is (nearly) just an amount: the answer to "预算大概多少？". */
function onlyAmount(text: string, amount: Amount): boolean {
  const rest = (text.slice(0, amount.start) + text.slice(amount.end)).replace(/[\s,，。.!！~～吧啊呀哦的元块钱¥￥$]|rmb|yuan|dollars?|bucks/gi, '')
  return rest.length === 0
}


function readMoney(text: string, slot: FlowSlotConfig, o: ReadOptions): Fill | undefined {
  // No exchange rates: an amount in another currency is not taken as a budget in the shop's.
  const named = currencyIn(text)
  if (named && o.currency && named !== o.currency) return undefined
  const whole = [{ start: 0, end: 0 }]
  const budget = parseBudget(text)
  if (budget) return { slot, value: budget, confidence: SURE, spans: whole }
  const amounts = bareAmounts(text)
  const asked = o.asked === slot.id
  const amount = amounts.find((a) => asked || a.value >= MIN_BARE_AMOUNT)
  if (!amount) return undefined
  const spans = [{ start: amount.start, end: amount.end }]
  // "预算改成三千", "budget 3000": an amount named as the budget is what may be spent at most.
  if (BUDGET_WORD.test(text)) return { slot, value: o.change && o.before[slot.id] ? likeBefore(amount.value, o.before[slot.id]) : { max: amount.value }, confidence: EXPLICIT, spans }
  if (o.change && o.before[slot.id]) return { slot, value: likeBefore(amount.value, o.before[slot.id]), confidence: CHANGED, spans }
  // "两千" alone: about that much, probably; the flow asks before relying on it.
  if (asked && !onlyAmount(text, amount) && amount.value < MIN_BARE_AMOUNT) return undefined
  return { slot, value: around(amount.value), confidence: GUESS, spans }
}

// ---------- number and text slots ----------

const NUMBER = String.raw`(\d{1,3}(?:\.\d)?|[一二两三四五六七八九十]{1,3})`

const unitPatterns = new WeakMap<FlowSlotConfig, RegExp>()
/** A number with one of the slot's units ("8岁"); compiled once per slot config. */
function unitsPattern(slot: FlowSlotConfig): RegExp {
  let pattern = unitPatterns.get(slot)
  if (!pattern) unitPatterns.set(slot, (pattern = new RegExp(`${NUMBER}\\s*(?:${wordsPattern(slot.units).source})`, 'iu')))
  return pattern
}

function readNumber(text: string, slot: FlowSlotConfig, o: ReadOptions): Fill | undefined {
  const plausible = (n: number) => (slot.min === undefined || n >= slot.min) && (slot.max === undefined || n <= slot.max)
  const read = (s: string) => (/^\d/.test(s) ? Number(s) : chineseNumber(s))
  if (slot.units.length) {
    const m = text.match(unitsPattern(slot))
    const n = m ? read(m[1]!) : undefined
    if (m && n !== undefined && plausible(n)) return { slot, value: n, confidence: SURE, spans: [{ start: m.index!, end: m.index! + m[0].length }] }
  }
  if (o.asked !== slot.id) return undefined
  // The answer to "孩子几岁？": a number and little else.
  const m = text.trim().match(new RegExp(`^(?:孩子|宝宝|他|她|今年|刚|才|满)*${NUMBER}(?:岁|周岁)?(?:了|啦|吧|呀)?[。.!！]?$`, 'u'))
  const n = m ? read(m[1]!) : undefined
  return m && n !== undefined && plausible(n) ? { slot, value: n, confidence: EXPLICIT, spans: [{ start: 0, end: text.length }] } : undefined
}

function readText(text: string, slot: FlowSlotConfig, o: ReadOptions): Fill | undefined {
  if (o.asked !== slot.id) return undefined
  const value = text.trim().slice(0, 100)
  return value ? { slot, value, confidence: SURE, spans: [{ start: 0, end: text.length }] } : undefined
}

/** Every slot the text fills, at most one fill per slot. */
export function readSlots(text: string, flow: FlowConfig, o: ReadOptions): Fill[] {
  const fills: Fill[] = readEnums(text, flow, o)
  for (const slot of flow.slots) {
    const fill = slot.type === 'money' ? readMoney(text, slot, o) : slot.type === 'number' ? readNumber(text, slot, o) : slot.type === 'text' ? readText(text, slot, o) : undefined
    if (fill) fills.push(fill)
  }
  return fills
}

/** "预算改一下", "换个风格": the visitor wants to answer that slot again, without saying the new answer yet. */
export function slotNamed(text: string, flow: FlowConfig): FlowSlotConfig | undefined {
  const names = (slot: FlowSlotConfig) => [
    ...[localized(slot.label, 'zh-CN'), localized(slot.label, 'en')],
    ...(slot.type === 'money' ? ['预算', '价位', '价格', 'budget', 'price'] : []),
  ]
  return flow.slots.find((slot) => wordsPattern(names(slot)).test(text))
}

/** The flow's start words: "礼物", or "儿童手表+推荐" (both words, any order). */
export function keywordHit(text: string, flow: FlowConfig): boolean {
  const lower = text.toLowerCase()
  const has = (word: string) => (/^[\x20-\x7e]+$/.test(word) ? wordsPattern([word]).test(text) : lower.includes(word.toLowerCase()))
  return flow.start.keywords.some((k) => k.split('+').map((w) => w.trim()).filter(Boolean).every(has))
}

export function entryHit(text: string, flow: FlowConfig): boolean {
  const entry = flow.start.entry
  if (entry === undefined) return false
  const t = text.trim().replace(/[?？!！。.]+$/, '')
  return [localized(entry, 'zh-CN'), localized(entry, 'en')].some((e) => e.replace(/[?？!！。.]+$/, '') === t)
}
