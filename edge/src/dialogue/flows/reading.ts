// What one visitor message says to a flow: which slots it fills (sure or unsure), whether it leaves
// the flow, and how the answers are taken into the flow's state and said back.
import type { FlowConfig, FlowSlotConfig } from '../../../../shared/config.ts'
import { localized } from '../../../../shared/config.ts'
import type { Lang } from '../../../../shared/protocol.ts'
import { parseConstraints } from '../../knowledge/constraints.ts'
import { recommend } from '../../knowledge/recommend.ts'
import type { TermEntry } from '../../knowledge/synonyms.ts'
import type { DialogueContext } from '../types.ts'
import { describeValue, inPool, isPoolTerm, poolHas } from './match.ts'
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
  /** Clearly about something else: a named product, a comparison, a product we don't sell. */
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
  const named = ctx.catalog.mentions(text).length > 0
  const leaves = named || productPlan.kind === 'compare' || productPlan.kind === 'unknown'
  return { ctx, text, lang: ctx.lang, t: FLOW_TEXTS[ctx.lang], cues: cuesOf(text), leaves, elsewhere: LEAVING_INTENTS.has(ctx.intent) }
}

export function isKeywordTerm(entry: TermEntry, flow: FlowConfig): boolean {
  const keywords = new Set(flow.start.keywords.flatMap((k) => k.split('+')).map((w) => lower(w.trim())))
  return entry.words.some((w) => keywords.has(lower(w)))
}

export function askedSlot(state: FlowState | undefined): string | undefined {
  return state && state.step !== 'confirm' && state.step !== 'done' ? state.step : undefined
}

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
    if (poolHas(ctx.catalog, flow, term.entry)) extra.push(term.asked)
    else offPool = true
  }
  if (parsed.colour) extra.push(parsed.colour.label)
  return { fills, extra, offPool }
}

export const sameValue = (a: SlotValue | undefined, b: SlotValue | undefined) => JSON.stringify(a) === JSON.stringify(b)

export function currencyOf(flow: FlowConfig, ctx: DialogueContext): string {
  return ctx.catalog.all.find((p) => inPool(p, flow))?.currency ?? 'CNY'
}

export function item(turn: Turn, flow: FlowConfig, slot: FlowSlotConfig, value: SlotValue): string {
  return turn.t.item(localized(slot.label, turn.lang), describeValue(slot, value, turn.lang, currencyOf(flow, turn.ctx)))
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
  if (reading.extra.length) state.extra = [...new Set([...(state.extra ?? []), ...reading.extra])]
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
