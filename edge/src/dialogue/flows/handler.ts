// Guided selling: a flow from the site config asks a few questions (budget → who it is for →
// style…), one at a time with quick replies, then recommends up to three real products that meet
// every answer. Deterministic on the edge: the state travels in the visitor's profile
// (`profile.flow`), an LLM only words the reply. A visitor can answer several questions at once,
// skip one, change an answer, leave for another question and come back; an unsure reading is
// confirmed before it is relied on; a later visit is offered what it said before.
import type { Product } from '../../../../shared/catalog.ts'
import type { FlowConfig, FlowSlotConfig } from '../../../../shared/config.ts'
import { localized } from '../../../../shared/config.ts'
import type { Lang, VisitorProfile } from '../../../../shared/protocol.ts'
import { productCard } from '../../cards.ts'
import { parseConstraints, type Constraints } from '../../knowledge/constraints.ts'
import { formatPrice } from '../../knowledge/facts.ts'
import { asksForMore } from '../../knowledge/follow-up.ts'
import { recommend, type Pick } from '../../knowledge/recommend.ts'
import type { TermEntry } from '../../knowledge/synonyms.ts'
import type { DialogueContext, DialogueReply } from '../types.ts'
import { candidates, constraintsOf, describeValue, inPool, isPoolTerm, poolHas, viableOptions, worthAsking } from './match.ts'
import { CONFIDENT, cuesOf, entryHit, keywordHit, negated, readSlots, slotNamed, type Fill, type TurnCues } from './parse.ts'
import { fingerprint, isLive, isSlotValue, readState, type FlowState, type SlotValue } from './state.ts'
import { FLOW_TEXTS, type FlowTexts } from './texts.ts'

/** Intents that always leave a flow: the visitor wants a person, has a problem, or complains. */
const LEAVING_INTENTS = new Set(['human', 'aftersales', 'complaint'])
/** A message this long that answers nothing is about something else. */
const MAX_UNREAD_ANSWER = 20
const MAX_REPLIES = 5

interface Turn {
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
interface Reading {
  fills: Fill[]
  /** Other words of the request no slot holds (a product type, a colour), which the flow's products can meet. */
  extra: string[]
  /** The message asks for a kind of product the flow does not recommend ("耳机" in a watch flow). */
  offPool: boolean
}

const join = (lang: Lang, parts: readonly string[]) => parts.filter(Boolean).join(lang === 'en' ? ' ' : '')
const lower = (s: string) => s.toLowerCase()

function turnOf(ctx: DialogueContext): Turn {
  const text = ctx.question.trim()
  const { productPlan } = ctx
  const named = ctx.catalog.mentions(text).length > 0
  const leaves = named || productPlan.kind === 'compare' || productPlan.kind === 'unknown'
  return { ctx, text, lang: ctx.lang, t: FLOW_TEXTS[ctx.lang], cues: cuesOf(text), leaves, elsewhere: LEAVING_INTENTS.has(ctx.intent) }
}

function isKeywordTerm(entry: TermEntry, flow: FlowConfig): boolean {
  const keywords = new Set(flow.start.keywords.flatMap((k) => k.split('+')).map((w) => lower(w.trim())))
  return entry.words.some((w) => keywords.has(lower(w)))
}

function askedSlot(state: FlowState | undefined): string | undefined {
  return state && state.step !== 'confirm' && state.step !== 'done' ? state.step : undefined
}

function readTurn(turn: Turn, flow: FlowConfig, state?: FlowState): Reading {
  const { text, ctx } = turn
  const fills = readSlots(text, flow, { asked: askedSlot(state), before: state?.slots ?? {}, change: turn.cues.change })
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

const sameValue = (a: SlotValue | undefined, b: SlotValue | undefined) => JSON.stringify(a) === JSON.stringify(b)

function currencyOf(flow: FlowConfig, ctx: DialogueContext): string {
  return ctx.catalog.all.find((p) => inPool(p, flow))?.currency ?? 'CNY'
}

function item(turn: Turn, flow: FlowConfig, slot: FlowSlotConfig, value: SlotValue): string {
  return turn.t.item(localized(slot.label, turn.lang), describeValue(slot, value, turn.lang, currencyOf(flow, turn.ctx)))
}

function slotById(flow: FlowConfig, id: string): FlowSlotConfig | undefined {
  return flow.slots.find((s) => s.id === id)
}

/** What a turn says back before its question: answers changed ("好的，预算改为…"), answers noted. */
interface Said {
  lead: string[]
  /** New answers ("预算：¥2000左右"); not repeated before a recommendation, which lists them anyway. */
  noted: string[]
}

const said = (...lead: string[]): Said => ({ lead: lead.filter(Boolean), noted: [] })

/** Takes the message's answers: sure ones into the slots, unsure ones to be confirmed; says them back. */
function apply(turn: Turn, flow: FlowConfig, state: FlowState, reading: Reading, out: Said): Said {
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
function leadIn(turn: Turn, s: Said): string[] {
  return [...s.lead, ...(s.noted.length ? [turn.t.noted(turn.t.items(s.noted))] : [])]
}

/** "是的": the unsure answers become answers, and are said back. */
function acceptPending(turn: Turn, flow: FlowConfig, state: FlowState, out: Said): void {
  for (const [id, value] of Object.entries(state.pending ?? {})) {
    const slot = slotById(flow, id)
    if (slot) out.noted.push(item(turn, flow, slot, value))
  }
  state.slots = { ...state.slots, ...state.pending }
  delete state.pending
  delete state.recalled
}

// ---------- replies ----------

function rememberPatch(flow: FlowConfig, state: FlowState): VisitorProfile {
  const patch: Record<string, unknown> = {}
  for (const slot of flow.slots) {
    const value = state.slots[slot.id]
    if (!slot.remember || value === undefined) continue
    if (slot.type === 'money' && typeof value === 'object' && !Array.isArray(value)) {
      const amount = value.around ?? value.max ?? value.min
      if (amount !== undefined) patch[slot.remember] = amount
      patch[`${slot.remember}Range`] = value
    } else patch[slot.remember] = value
  }
  return patch
}

/** A remembered answer from an earlier visit, if the profile holds one this slot can use. */
function recalledValue(slot: FlowSlotConfig, profile: VisitorProfile): SlotValue | undefined {
  if (!slot.remember) return undefined
  const value = profile[slot.remember]
  if (slot.type === 'money') {
    const range = profile[`${slot.remember}Range`]
    if (range !== undefined && isSlotValue(range) && typeof range === 'object' && !Array.isArray(range)) return range
    return typeof value === 'number' && value > 0 ? { max: value } : undefined
  }
  if (slot.type === 'enum') {
    const ok = (v: unknown) => typeof v === 'string' && (slot.options ?? []).some((o) => o.value === v)
    if (slot.multiple) return Array.isArray(value) && value.length && value.every(ok) ? (value as string[]) : undefined
    return ok(value) ? (value as string) : undefined
  }
  if (slot.type === 'number') return typeof value === 'number' ? value : undefined
  return typeof value === 'string' && value ? value : undefined
}

function known(turn: Turn, flow: FlowConfig, state: FlowState): string[] {
  const items = flow.slots.flatMap((s) => (state.slots[s.id] === undefined ? [] : [item(turn, flow, s, state.slots[s.id]!)]))
  return [...items, ...(state.extra ?? [])]
}

function brief(turn: Turn, flow: FlowConfig, state: FlowState, now: string): string {
  const skipped = (state.skipped ?? []).map((id) => localized(slotById(flow, id)?.label ?? id, 'en'))
  return [
    `Guided-selling flow "${flow.id}" (${localized(flow.name, turn.lang)}); the shop's process decides each step, follow it.`,
    `Known: ${known(turn, flow, state).join('; ') || 'nothing yet'}.`,
    ...(skipped.length ? [`Skipped (any is fine): ${skipped.join(', ')}.`] : []),
    `Now: ${now}`,
  ].join('\n')
}

function reply(turn: Turn, flow: FlowConfig, state: FlowState, parts: { text: string; brief: string; products?: Product[]; cards?: DialogueReply['cards']; suggestions: string[] }): DialogueReply {
  state.q = fingerprint(turn.text)
  state.sessionId = turn.ctx.request.sessionId
  return {
    topic: `flow:${flow.id}`,
    text: parts.text,
    brief: brief(turn, flow, state, parts.brief),
    products: parts.products ?? [],
    cards: parts.cards ?? [],
    suggestions: [...new Set(parts.suggestions)].slice(0, MAX_REPLIES),
    profile: { flow: state, ...rememberPatch(flow, state) },
  }
}

function question(turn: Turn, slot: FlowSlotConfig): string {
  return localized(slot.question, turn.lang)
}

/** Quick replies for a slot: the site's own, or the options some remaining product has first; then "skip". */
function repliesFor(turn: Turn, slot: FlowSlotConfig, remaining: readonly Product[]): string[] {
  const own = slot.replies?.map((r) => localized(r, turn.lang))
  const options = viableOptions(slot, remaining).map((o) => (o.label !== undefined ? localized(o.label, turn.lang) : o.value))
  return [...(own ?? options.slice(0, 4)), turn.t.skip]
}

function askReply(turn: Turn, flow: FlowConfig, state: FlowState, slot: FlowSlotConfig, remaining: readonly Product[], s: Said): DialogueReply {
  state.step = slot.id
  const ask = question(turn, slot)
  return reply(turn, flow, state, {
    text: join(turn.lang, [...leadIn(turn, s), ask]),
    brief: `ask exactly this one question and recommend nothing yet: "${ask}"`,
    suggestions: repliesFor(turn, slot, remaining),
  })
}

function confirmReply(turn: Turn, flow: FlowConfig, state: FlowState, s: Said): DialogueReply {
  state.step = 'confirm'
  const { t, lang } = turn
  const items = Object.entries(state.pending ?? {}).flatMap(([id, value]) => {
    const slot = slotById(flow, id)
    return slot ? [t.is(localized(slot.label, lang), describeValue(slot, value, lang, currencyOf(flow, turn.ctx)))] : []
  })
  const ask = (state.recalled ? t.recalled : t.confirm)(items)
  return reply(turn, flow, state, {
    text: join(turn.lang, [...leadIn(turn, s), ask]),
    brief: `confirm these unsure answers before relying on them (offer yes / change): ${items.join('; ')}`,
    suggestions: [t.yes, t.no],
  })
}

function picksText(turn: Turn, picks: readonly Pick[]): string {
  return picks.map(({ product: p, reason }) => turn.t.pick(p.name, formatPrice(p.price, p.currency), reason, p.stock === 0)).join('')
}

function recommendReply(turn: Turn, flow: FlowConfig, state: FlowState, c: Constraints, query: string, refine: FlowSlotConfig | undefined, remaining: readonly Product[], s: Said, exclude?: ReadonlySet<string>): DialogueReply {
  const { t, lang, ctx } = turn
  const rec = recommend(ctx.catalog, query, c, { lang, vocabulary: ctx.vocabulary, ...(exclude && { exclude }) })
  const shown = rec.picks.length ? rec.picks : rec.nearest
  const wanted = t.items(known(turn, flow, state))
  let body: string
  let now: string
  if (rec.picks.length) {
    body = t.recommend(wanted, rec.picks.length) + picksText(turn, rec.picks) + (rec.more ? t.more : '')
    now = `recommend exactly these products, which meet every answer, with their reasons: ${rec.picks.map((p) => p.product.id).join(', ')}.`
  } else if (exclude) {
    body = t.noMore
    now = 'no further products meet the answers: say so.'
  } else {
    body = join(lang, [t.noMatch(wanted), rec.nearest.length ? t.nearest + picksText(turn, rec.nearest) : t.nothingNear])
    now = `NO product meets every answer: say so honestly.${rec.nearest.length ? ` The closest, which do not meet everything: ${rec.nearest.map((p) => p.product.id).join(', ')}.` : ''}`
  }
  state.shown = [...new Set([...(exclude ? (state.shown ?? []) : []), ...shown.map((p) => p.product.id)])]
  state.step = refine?.id ?? 'done'
  const refineText = refine ? t.refine + question(turn, refine) : ''
  if (refine) now += ` Then ask, to narrow it down: "${question(turn, refine)}"`
  const money = flow.slots.find((slot) => slot.type === 'money' && (slot.required || state.slots[slot.id] !== undefined))
  const after = [...(rec.more ? [t.anyOthers] : []), ...(money ? [t.change(localized(money.label, lang))] : []), t.startOver]
  return reply(turn, flow, state, {
    text: join(lang, [...s.lead, body]) + refineText,
    brief: now,
    products: shown.map((p) => p.product),
    cards: shown.map((p) => productCard(p.product, p.reason)),
    suggestions: refine ? repliesFor(turn, refine, remaining) : after,
  })
}

/** What comes next: confirm what is unsure, ask what is missing, or recommend. */
function next(turn: Turn, flow: FlowConfig, state: FlowState, s: Said, options: { now?: boolean; exclude?: ReadonlySet<string> } = {}): DialogueReply {
  if (state.pending) return confirmReply(turn, flow, state, s)
  const { ctx, lang } = turn
  const { constraints, query } = constraintsOf(flow, state, ctx.catalog, ctx.vocabulary, lang)
  const remaining = candidates(ctx.catalog, constraints)
  const missing = flow.slots.filter((s) => s.required && state.slots[s.id] === undefined && !state.skipped?.includes(s.id) && worthAsking(s, remaining))
  if (missing[0] && !state.shown?.length && !options.now) return askReply(turn, flow, state, missing[0], remaining, s)
  return recommendReply(turn, flow, state, constraints, query, missing[0], remaining, s, options.exclude)
}

// ---------- the three ways into a turn ----------

function cloneState(state: FlowState): FlowState {
  return JSON.parse(JSON.stringify(state)) as FlowState
}

function freshState(flow: FlowConfig, turn: Turn): FlowState {
  return { id: flow.id, slots: {}, step: 'start', sessionId: turn.ctx.request.sessionId, q: '' }
}

/** The visitor is answering the flow's last reply. */
function continueFlow(turn: Turn, flow: FlowConfig, stored: FlowState): DialogueReply | undefined {
  if (turn.leaves) return undefined
  const reading = readTurn(turn, flow, stored)
  if (reading.offPool) return undefined
  const { cues, t, lang } = turn
  if (cues.restart) return begin(turn, flow, freshState(flow, turn), { fills: [], extra: [], offPool: false }, t.restart)
  const state = cloneState(stored)
  const answers = reading.fills.length > 0 || reading.extra.length > 0
  const out = said()
  let handled = false
  const asked = askedSlot(state)
  if (state.pending && (cues.yes || (cues.skip && !answers))) {
    acceptPending(turn, flow, state, out)
    handled = true
  } else if (state.pending && cues.no && !answers) {
    // "改一下": ask the first unsure answer again, whether or not it could still change the pick.
    const slot = slotById(flow, Object.keys(state.pending)[0]!)
    delete state.pending
    delete state.recalled
    if (slot) {
      const { constraints } = constraintsOf(flow, state, turn.ctx.catalog, turn.ctx.vocabulary, lang)
      return askReply(turn, flow, state, slot, candidates(turn.ctx.catalog, constraints), said(t.askAgain(localized(slot.label, lang))))
    }
    handled = true
  } else if (state.pending && cues.no) {
    // "不对，是两千以内": the new answer replaces the guess.
    delete state.pending
    delete state.recalled
    handled = true
  } else if (asked && cues.skip && !answers && !state.shown?.length) {
    state.skipped = [...new Set([...(state.skipped ?? []), asked])]
    out.lead.push(t.skipped(localized(slotById(flow, asked)?.label ?? asked, lang)))
    handled = true
  } else if (state.shown?.length && !answers && asksForMore(turn.text)) {
    return next(turn, flow, state, said(), { now: true, exclude: new Set(state.shown) })
  }
  if (answers) apply(turn, flow, state, reading, out)
  else if (!handled) {
    const named = cues.change ? slotNamed(turn.text, flow) : undefined
    if (named) {
      const { constraints } = constraintsOf(flow, state, turn.ctx.catalog, turn.ctx.vocabulary, lang)
      return askReply(turn, flow, state, named, candidates(turn.ctx.catalog, constraints), said(t.askAgain(localized(named.label, lang))))
    }
    // Nothing for the flow: after a recommendation, or a question, a problem or chat, it is answered as usual.
    if (state.shown?.length || state.step === 'done' || turn.elsewhere || cues.question || cues.smallTalk || turn.text.length > MAX_UNREAD_ANSWER) return undefined
    out.lead.push(t.unclear)
  }
  return next(turn, flow, state, out)
}

/** The visitor left the flow for something else; it carries on when they come back to it. */
function resumeFlow(turn: Turn, flow: FlowConfig, stored: FlowState): DialogueReply | undefined {
  if (turn.leaves) return undefined
  const reading = readTurn(turn, flow, stored)
  if (reading.offPool) return undefined
  if (turn.cues.restart) return begin(turn, flow, freshState(flow, turn), { fills: [], extra: [], offPool: false }, turn.t.restart)
  const triggered = keywordHit(turn.text, flow) || entryHit(turn.text, flow)
  const sure = reading.fills.filter((f) => f.confidence >= CONFIDENT)
  const answersAsked = sure.some((f) => f.slot.id === askedSlot(stored))
  if (turn.elsewhere && !answersAsked) return undefined
  if (stored.step === 'done' && triggered && !sure.length) return undefined // asked again from the start: a new flow
  if (!(turn.cues.resume || triggered || answersAsked || (sure.length && !turn.cues.question))) return undefined
  const state = cloneState(stored)
  const out = apply(turn, flow, state, reading, said(turn.t.resume(localized(flow.name, turn.lang))))
  return next(turn, flow, state, out, { now: !!state.shown?.length })
}

/** A new flow, from what the opening message already says. */
function begin(turn: Turn, flow: FlowConfig, state: FlowState, reading: Reading, lead = ''): DialogueReply {
  const intro = flow.intro ? localized(flow.intro, turn.lang) : ''
  const out = apply(turn, flow, state, reading, said(lead))
  const sure = reading.fills.filter((f) => f.confidence >= CONFIDENT).length + reading.extra.length
  const enough = flow.enough ?? flow.slots.filter((s) => s.required).length
  // A specific request ("送女朋友的手表，两千以内") is answered at once; the flow offers to narrow it down.
  if (sure >= enough && !state.pending) return next(turn, flow, state, out, { now: true })
  const profile = turn.ctx.request.profile
  for (const slot of flow.slots) {
    if (!slot.required || state.slots[slot.id] !== undefined || state.pending?.[slot.id] !== undefined) continue
    const value = recalledValue(slot, profile)
    if (value === undefined) continue
    state.pending = { ...state.pending, [slot.id]: value }
    state.recalled = state.recalled ?? true
  }
  if (!lead) out.lead.push(intro)
  return next(turn, flow, state, { lead: out.lead.filter(Boolean), noted: out.noted })
}

/**
 * Whether a flow may start: its own quick reply always; otherwise under one of its intents, or with
 * its start words in a calm tone whatever the intent (the handoff and after-sales handlers run
 * first and claim the turns that really are about a person or a problem).
 */
function mayStart(turn: Turn, flow: FlowConfig, entry: boolean, triggered: boolean): boolean {
  const { intent, sentiment } = turn.ctx
  if (entry || flow.start.intents.includes(intent)) return true
  return triggered && (sentiment === 'neutral' || sentiment === 'positive')
}

function startFlow(turn: Turn, flows: readonly FlowConfig[], paused: FlowState | undefined): DialogueReply | undefined {
  if (turn.leaves) return undefined
  let best: { flow: FlowConfig; reading: Reading; triggered: boolean; score: number } | undefined
  for (const flow of flows) {
    const entry = entryHit(turn.text, flow)
    const triggered = entry || keywordHit(turn.text, flow)
    if (!mayStart(turn, flow, entry, triggered)) continue
    const reading = readTurn(turn, flow)
    if (reading.offPool) continue
    const sure = reading.fills.filter((f) => f.confidence >= CONFIDENT)
    // No start word, but the message answers every question of the flow: "给女朋友买，两千左右，简约一点".
    // A request that answers only some is the product knowledge's to recommend from.
    const required = flow.slots.filter((s) => s.required)
    const implicit = required.length >= 2 && sure.length >= 2 && required.every((s) => reading.fills.some((f) => f.slot === s))
    if (!triggered && !implicit) continue
    const score = (triggered ? 100 : 0) + sure.length
    if (!best || score > best.score) best = { flow, reading, triggered, score }
  }
  if (!best) return undefined
  const { flow, reading } = best
  if (paused && paused.id === flow.id && paused.step !== 'done') {
    const state = cloneState(paused)
    return next(turn, flow, state, apply(turn, flow, state, reading, said(turn.t.resume(localized(flow.name, turn.lang)))))
  }
  return begin(turn, flow, freshState(flow, turn), reading)
}

export function flowHandler(ctx: DialogueContext): DialogueReply | undefined {
  const flows = ctx.config.flows ?? []
  if (!flows.length) return undefined
  const turn = turnOf(ctx)
  const stored = readState(ctx.request.profile.flow, flows)
  // A flow of an earlier visit is not carried on; what it learnt is offered again (remember).
  const state = stored && stored.sessionId === ctx.request.sessionId ? stored : undefined
  if (state) {
    const flow = flows.find((f) => f.id === state.id)!
    const answer = isLive(state, ctx.request.messages) ? continueFlow(turn, flow, state) : resumeFlow(turn, flow, state)
    if (answer) return answer
  }
  return startFlow(turn, flows, state)
}
