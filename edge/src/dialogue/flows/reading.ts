// What one visitor message says to a flow: which slots it fills (sure or unsure), whether it leaves
// the flow, and how the answers are taken into the flow's state and said back.
import type { FlowConfig, FlowSlotConfig } from '../../../../shared/config.ts'
import { localized } from '../../../../shared/config.ts'
import type { Lang } from '../../../../shared/protocol.ts'
import { parseConstraints } from '../../knowledge/constraints.ts'
import { recommend } from '../../knowledge/recommend.ts'
import { wordsPattern, type TermEntry } from '../../knowledge/synonyms.ts'
import type { DialogueContext } from '../types.ts'
import { PRODUCT_GROUPS, describeValue, groupTerm, inPool, isPoolTerm, poolHas } from './match.ts'
import { CONFIDENT, cuesOf, negated, readSlots, type Fill, type TurnCues } from './parse.ts'
import { type FlowState, type SlotValue } from './state.ts'
import { FLOW_TEXTS, type FlowTexts } from './texts.ts'

/** Intents that always leave a flow: the visitor wants a person, has a problem, or complains. */
export const LEAVING_INTENTS = new Set(['human', 'aftersales', 'complaint'])
/** A message this long that answers nothing is about something else. */
export const MAX_UNREAD_ANSWER = 20
export const MAX_REPLIES = 5

export interface Turn {
  ctx: DialogueContext
  text: string
  lang: Lang
  t: FlowTexts
  cues: TurnCues
  /** Clearly about something else: a named or pointed-at product asked about, a comparison, a product we don't sell. */
  leaves: boolean
  /** The visitor's intent is a person, a problem or a complaint: the flow leaves unless the message answers it. */
  elsewhere: boolean
}

/** What one message says to one flow. */
export interface Reading {
  fills: Fill[]
  /** Other words of the request no slot holds (a product type, a colour), which the flow's products can meet. */
  extra: string[]
  /** The message asks for a kind of product the flow does not recommend ("耳机" in a watch flow). */
  offPool: boolean
}

export const join = (lang: Lang, parts: readonly string[]) => parts.filter(Boolean).join(lang === 'en' ? ' ' : '')
export const lower = (s: string) => s.toLowerCase()

export function turnOf(ctx: DialogueContext): Turn {
  const text = ctx.question.trim()
  const { productPlan } = ctx
  // A question about a product the visitor names or points at ("Aurora 女表防水吗", "它防水吗") is the
  // product knowledge's to answer; the flow waits (paused) and resumes after.
  const named = ctx.catalog.mentions(text).length > 0 || (!!ctx.productQuestion && !!ctx.namesProduct)
  const leaves = named || productPlan.kind === 'compare' || productPlan.kind === 'unknown'
  return { ctx, text, lang: ctx.lang, t: FLOW_TEXTS[ctx.lang], cues: cuesOf(text), leaves, elsewhere: LEAVING_INTENTS.has(ctx.intent) }
}

/** A flow's start keywords, lower case; once per flow config, not once per term of every turn. */
const keywordSets = new WeakMap<FlowConfig, Set<string>>()

export function isKeywordTerm(entry: TermEntry, flow: FlowConfig): boolean {
  let keywords = keywordSets.get(flow)
  if (!keywords) keywordSets.set(flow, (keywords = new Set(flow.start.keywords.flatMap((k) => k.split('+')).map((w) => lower(w.trim())))))
  return entry.words.some((w) => keywords.has(lower(w)))
}

export function askedSlot(state: FlowState | undefined): string | undefined {
  return state && state.step !== 'confirm' && state.step !== 'done' ? state.step : undefined
}

const GROUP_PATTERN = wordsPattern(Object.keys(PRODUCT_GROUPS))

/** Latin words read back in lower case ("Cleanser for oily skin?" → "cleanser"); Chinese as written. */
const asRead = (word: string) => (/^[A-Za-z]/.test(word) ? word.toLowerCase() : word)

export function readTurn(turn: Turn, flow: FlowConfig, state?: FlowState): Reading {
  const { text, ctx } = turn
  const fills = readSlots(text, flow, { asked: askedSlot(state), before: state?.slots ?? {}, change: turn.cues.change, currency: currencyOf(flow, ctx) })
  const consumed = fills.flatMap((f) => f.spans)
  const parsed = parseConstraints(text, ctx.catalog.all, ctx.vocabulary)
  const extra: string[] = []
  let offPool = false
  for (const term of parsed.terms) {
    if (isPoolTerm(term.entry, flow) || isKeywordTerm(term.entry, flow)) continue
    const at = text.indexOf(term.asked)
    if (at >= 0 && (negated(text, at) || consumed.some((s) => s.start < at + term.asked.length && at < s.end))) continue
    if (poolHas(ctx.catalog, flow, term.entry)) extra.push(asRead(term.asked))
    else offPool = true
  }
  for (const m of text.matchAll(GROUP_PATTERN)) {
    const entry = groupTerm(m[0])
    if (entry && !negated(text, m.index) && poolHas(ctx.catalog, flow, entry)) extra.push(m[0])
  }
  if (parsed.colour) extra.push(parsed.colour.label)
  return { fills, extra, offPool }
}

export const sameValue = (a: SlotValue | undefined, b: SlotValue | undefined) => JSON.stringify(a) === JSON.stringify(b)

export function currencyOf(flow: FlowConfig, ctx: DialogueContext): string {
  return ctx.catalog.all.find((p) => inPool(p, flow))?.currency ?? 'CNY'
}

export function item(turn: Turn, flow: FlowConfig, slot: FlowSlotConfig, value: SlotValue): string {
  // Who a gift is for reads as "送给女士" / "for her", not "送礼对象女士".
  if (isRecipientSlot(slot)) return turn.t.forWhom(describeValue(slot, value, turn.lang, currencyOf(flow, turn.ctx)))
  return turn.t.item(localized(slot.label, turn.lang), describeValue(slot, value, turn.lang, currencyOf(flow, turn.ctx)))
}

/** An enum slot whose options are who the product is for (their match names an audience). */
export function isRecipientSlot(slot: FlowSlotConfig): boolean {
  return slot.type === 'enum' && !slot.multiple && (slot.options ?? []).some((o) => o.match.audience !== undefined)
}

export function slotById(flow: FlowConfig, id: string): FlowSlotConfig | undefined {
  return flow.slots.find((s) => s.id === id)
}

/** What a turn says back before its question: answers changed ("好的，预算改为…"), answers noted. */
export interface Said {
  lead: string[]
  /** New answers ("预算：¥2000左右"); not repeated before a recommendation, which lists them anyway. */
  noted: string[]
}

export const said = (...lead: string[]): Said => ({ lead: lead.filter(Boolean), noted: [] })

/** Takes the message's answers: sure ones into the slots, unsure ones to be confirmed; says them back. */
export function apply(turn: Turn, flow: FlowConfig, state: FlowState, reading: Reading, out: Said): Said {
  const order = (f: Fill) => flow.slots.indexOf(f.slot)
  for (const fill of [...reading.fills].sort((a, b) => order(a) - order(b))) {
    const { id } = fill.slot
    let value = fill.value
    const before = state.slots[id]
    // "还要防水": a further wish adds to a slot of several answers, unless the visitor changes it.
    if (fill.slot.multiple && Array.isArray(before) && Array.isArray(value) && !turn.cues.change) value = [...new Set([...before, ...value])]
    if (sameValue(before, value)) continue
    if (fill.confidence < CONFIDENT) {
      state.pending = { ...state.pending, [id]: value }
      state.recalled = false
      continue
    }
    state.slots[id] = value
    if (state.pending) delete state.pending[id]
    state.skipped = state.skipped?.filter((s) => s !== id)
    if (before === undefined) out.noted.push(item(turn, flow, fill.slot, value))
    else out.lead.push(turn.t.changed(localized(fill.slot.label, turn.lang), describeValue(fill.slot, value, turn.lang, currencyOf(flow, turn.ctx))))
  }
  if (state.pending && !Object.keys(state.pending).length) delete state.pending
  // A new question stands for itself: the product type (or colour) it names replaces the earlier
  // one, and a question that names none but says something new (a concern) drops the earlier one,
  // so "油皮用什么保湿？" after "油皮用什么爽肤水？" is not still looking for a toner. A plain further
  // wish ("还要粉色的") adds to what was asked before.
  const fresh = turn.cues.question && !turn.cues.change
  if (reading.extra.length) state.extra = fresh ? [...new Set(reading.extra)] : [...new Set([...(state.extra ?? []), ...reading.extra])]
  else if (fresh && state.extra?.length && reading.fills.some((f) => f.confidence >= CONFIDENT)) delete state.extra
  return out
}

/** The lead-in of a question: what changed, then what was noted. */
export function leadIn(turn: Turn, s: Said): string[] {
  return [...s.lead, ...(s.noted.length ? [turn.t.noted(turn.t.items(s.noted))] : [])]
}

/** "是的": the unsure answers become answers, and are said back. */
export function acceptPending(turn: Turn, flow: FlowConfig, state: FlowState, out: Said): void {
  for (const [id, value] of Object.entries(state.pending ?? {})) {
    const slot = slotById(flow, id)
    if (slot) out.noted.push(item(turn, flow, slot, value))
  }
  state.slots = { ...state.slots, ...state.pending }
  delete state.pending
  delete state.recalled
}
