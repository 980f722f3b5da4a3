// The dialogue handlers in priority order: the first that claims a turn answers it. A visitor who
// wants a person gets one before anything else; after-sales comes before selling.
import { aftersalesHandler } from './aftersales/index.ts'
import { handoffHandler, unresolvedHandoffHandler } from './handoff.ts'
import { flowHandler } from './flows/index.ts'
import type { DialogueContext, DialogueHandler, DialogueReply } from './types.ts'

export const DIALOGUE_HANDLERS: readonly DialogueHandler[] = [
  handoffHandler,
  aftersalesHandler,
  flowHandler,
  // Last: only a turn no handler could answer counts as missed ("unresolved" handoff).
  unresolvedHandoffHandler,
]

export function runDialogue(ctx: DialogueContext, handlers: readonly DialogueHandler[] = DIALOGUE_HANDLERS): DialogueReply | undefined {
  for (const handle of handlers) {
    const reply = handle(ctx)
    if (reply) return reply
  }
  return undefined
}
