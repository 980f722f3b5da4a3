// Shared by the after-sales tests: a fixed "today" (Monday 2026-11-23, noon in Shanghai) and a
// conversation helper that also picks out the ticket card.
import { afterEach, beforeEach, vi } from 'vitest'
import type { TicketCard } from '../../../../shared/protocol.ts'
import { converse as conversation, testApp } from '../../testing.ts'
import { createAftersalesHandler } from './index.ts'

export const NOW = new Date('2026-11-23T04:00:00Z')
export const app = testApp()
export const handle = createAftersalesHandler({ now: () => NOW })

export async function converse(turns: string[], lang: 'zh-CN' | 'en' = 'zh-CN', extra: Record<string, unknown> = {}) {
  const result = await conversation(app, turns, { lang, ...extra })
  return { ...result, ticket: result.cards.find((c): c is TicketCard => c.type === 'ticket') }
}

/** Freezes Date at NOW for every test of the calling file. */
export function useToday(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}
