// After-sales: warranty checks and returns, answered whole by the edge (see warranty.ts, returns.ts).
// A warranty question wins over a return when a turn is both ("坏了，还在保修吗").
import type { DialogueHandler } from '../types.ts'
import { returnsTurn } from './returns.ts'
import { warrantyTurn } from './warranty.ts'

export interface AftersalesOptions {
  /** The clock, for warranty periods and ticket dates; default: now. */
  now?: () => Date
}

export function createAftersalesHandler(options: AftersalesOptions = {}): DialogueHandler {
  const now = options.now ?? (() => new Date())
  return (ctx) => {
    if (ctx.productQuestion) return undefined
    const at = now()
    return warrantyTurn(ctx, at) ?? returnsTurn(ctx, at)
  }
}

export const aftersalesHandler = createAftersalesHandler()
