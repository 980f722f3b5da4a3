// A guided-selling flow's state lives on the visitor's device, in `profile.flow`: the widget sends
// its profile with every request and merges the `profile` patch of every answer, so the edge keeps
// nothing between turns. The state is read defensively: an old, foreign or hand-edited value is
// dropped rather than trusted.
import type { FlowConfig } from '../../../../shared/config.ts'
import type { ChatMessage } from '../../../../shared/protocol.ts'
import type { Budget } from '../../knowledge/budget.ts'

/** money: a budget range; enum: an option value (several: a list); number: e.g. an age; text: words. */
export type SlotValue = Budget | string | string[] | number

export interface FlowState {
  id: string
  /** Answers so far, by slot id. */
  slots: Record<string, SlotValue>
  /** The slot being asked, `confirm` while low-confidence answers await a yes, or `done`. */
  step: string
  /** The visit this state belongs to: a new visit does not carry on an old flow. */
  sessionId: string
  /** A fingerprint of the visitor message this state answered, to tell whether the visitor is still in the flow. */
  q: string
  /** Slots the visitor skipped ("都可以"). */
  skipped?: string[]
  /** Answers taken with low confidence (or remembered from a visit before), waiting for a yes. */
  pending?: Record<string, SlotValue>
  /** The pending answers came from the profile (a visit before), not from this conversation. */
  recalled?: boolean
  /** Products recommended so far, best first. */
  shown?: string[]
  /** Other words the visitor asked for that no slot holds: a product type ("洁面"), a colour. */
  extra?: string[]
}

/** FNV-1a of the trimmed text: short, stable, and reveals nothing of the message. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5
  for (const ch of text.trim()) {
    h ^= ch.codePointAt(0)!
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(36)
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')
const isBudget = (v: unknown): v is Budget =>
  isRecord(v) && Object.keys(v).length > 0 && Object.entries(v).every(([k, n]) => ['min', 'max', 'around'].includes(k) && typeof n === 'number' && Number.isFinite(n))

export function isSlotValue(v: unknown): v is SlotValue {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || isStrings(v) || isBudget(v)
}

function slotValues(v: unknown, flow: FlowConfig): Record<string, SlotValue> {
  if (!isRecord(v)) return {}
  const out: Record<string, SlotValue> = {}
  for (const slot of flow.slots) {
    const value = v[slot.id]
    if (value !== undefined && isSlotValue(value)) out[slot.id] = value
  }
  return out
}

/** The flow state in a profile, if it is one of the configured flows and well formed. */
export function readState(value: unknown, flows: readonly FlowConfig[]): FlowState | undefined {
  if (!isRecord(value)) return undefined
  const { id, step, sessionId, q } = value
  const flow = flows.find((f) => f.id === id)
  if (!flow || typeof step !== 'string' || typeof sessionId !== 'string' || typeof q !== 'string') return undefined
  const slotIds = flow.slots.map((s) => s.id)
  const state: FlowState = { id: flow.id, slots: slotValues(value.slots, flow), step, sessionId, q }
  if (isStrings(value.skipped)) state.skipped = value.skipped.filter((s) => slotIds.includes(s))
  const pending = slotValues(value.pending, flow)
  if (Object.keys(pending).length) state.pending = pending
  if (value.recalled === true) state.recalled = true
  if (isStrings(value.shown)) state.shown = value.shown.slice(0, 20)
  if (isStrings(value.extra)) state.extra = value.extra.slice(0, 10)
  return state
}

/** The visitor's message before the newest one: the one the flow's last reply answered, if it did. */
export function previousQuestion(messages: readonly ChatMessage[]): string | undefined {
  for (let i = messages.length - 2; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content
  return undefined
}

/** The flow answered the visitor's previous message: the visitor is answering it now. */
export function isLive(state: FlowState, messages: readonly ChatMessage[]): boolean {
  const before = previousQuestion(messages)
  return before !== undefined && fingerprint(before) === state.q
}

/** Whether the newest message answers a question a configured flow asked (for the classifier's context). */
export function answersFlowQuestion(profile: Record<string, unknown>, messages: readonly ChatMessage[], flows: readonly FlowConfig[]): boolean {
  const state = readState(profile.flow, flows)
  return !!state && state.step !== 'done' && isLive(state, messages)
}
