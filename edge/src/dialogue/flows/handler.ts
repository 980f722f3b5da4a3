// Guided selling: a flow from the site config asks a few questions (budget → who it is for →
// style…), one at a time with quick replies, then recommends up to three real products that meet
// every answer. Deterministic on the edge: the state travels in the visitor's profile
// (`profile.flow`), an LLM only words the reply. A visitor can answer several questions at once,
// skip one, change an answer, leave for another question and come back; an unsure reading is
// confirmed before it is relied on; a later visit is offered what it said before.
import type { FlowConfig } from '../../../../shared/config.ts'
import { localized } from '../../../../shared/config.ts'
import { asksForMore } from '../../knowledge/follow-up.ts'
import { recommend } from '../../knowledge/recommend.ts'
import type { DialogueContext, DialogueReply } from '../types.ts'
import { candidates, constraintsOf } from './match.ts'
import { CONFIDENT, entryHit, keywordHit, slotNamed } from './parse.ts'
import { isLive, readState, type FlowState } from './state.ts'
import { MAX_UNREAD_ANSWER, acceptPending, apply, askedSlot, readTurn, said, slotById, turnOf, type Reading, type Turn } from './reading.ts'
import { askReply, next, recalledValue } from './replies.ts'


function cloneState(state: FlowState): FlowState {
  return JSON.parse(JSON.stringify(state)) as FlowState
}

/** Whether two states hold the same answers (slots, unsure ones, skips, extra words). */
function sameAnswers(a: FlowState, b: FlowState): boolean {
  const of = (s: FlowState) => JSON.stringify([s.slots, s.pending ?? {}, s.skipped ?? [], s.extra ?? []])
  return of(a) === of(b)
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
  if (answers) {
    apply(turn, flow, state, reading, out)
    // After a recommendation, a message that changes no answer ("油皮夏天T区总出油怎么办？" when oily
    // skin is known) is a new question, not the same recommendation again: answered as usual.
    if (!handled && state.shown?.length && sameAnswers(state, stored)) return undefined
  } else if (!handled) {
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
  if (state.shown?.length && !turn.cues.resume && sameAnswers(state, stored)) return undefined
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
 * Whether a flow may start: its own quick reply always; never on a calm question about a product;
 * otherwise under one of its intents, or with its start words in a calm tone whatever the intent
 * (the handoff and after-sales handlers run first and claim the turns that really are about a
 * person or a problem).
 */
function mayStart(turn: Turn, flow: FlowConfig, entry: boolean, triggered: boolean): boolean {
  const { intent, sentiment, productQuestion } = turn.ctx
  if (entry) return true
  // "这款适合送礼吗", "这个油皮能用吗": a question about a product, not a request to choose one.
  if (productQuestion) return false
  if (flow.start.intents.includes(intent)) return true
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
  const started = startFlow(turn, flows, state)
  // The same request again ("油皮用什么洁面？" twice): not the same recommendation word for word.
  const again = started && readState(started.profile?.flow, flows)
  if (state?.shown?.length && again && again.id === state.id && again.shown?.length && sameAnswers(again, state) && again.shown.join() === state.shown.join()) return undefined
  return started
}
