// Guided-selling flows (config `flows`): the dialogue handler and what tests and tools need of it.
export { flowHandler } from './handler.ts'
export { pausedFlowNote } from './paused.ts'
export { fingerprint, readState, type FlowState, type SlotValue } from './state.ts'
