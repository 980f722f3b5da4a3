// What reading a visitor's message yields for a flow: slot fills with a confidence, and the options
// the reader needs. Shared by parse.ts (money, numbers, text, the little words) and options.ts (enums).
import type { FlowSlotConfig } from '../../../../shared/config.ts'
import type { SlotValue } from './state.ts'

/** Below this, an answer is confirmed with a question instead of assumed. */
export const CONFIDENT = 0.8
export const SURE = 0.95
export const EXPLICIT = 0.9
export const CHANGED = 0.85
export const GUESS = 0.6

export interface Fill {
  slot: FlowSlotConfig
  value: SlotValue
  confidence: number
  /** Where the answer was read, for telling it apart from other words of the message. */
  spans: { start: number; end: number }[]
}

export interface ReadOptions {
  /** The slot the flow just asked: a bare answer is read as its value. */
  asked?: string
  /** Answers so far: "改成三千" keeps the kind of budget given before. */
  before: Record<string, SlotValue>
  change: boolean
  /** The shop's currency: a budget in another ("around $300" in a ¥ shop) is not read as one. */
  currency?: string
}
