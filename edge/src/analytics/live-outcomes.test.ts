// The report's live-handoff figures, from the events the live desk and the widget record.
import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../store/types.ts'
import { renderReport } from '../report/render.ts'
import { buildReport } from './report.ts'

const T0 = Date.UTC(2026, 9, 1, 12)
let n = 0
const ev = (type: string, visitorId: string, ts: number, props: Record<string, unknown> = {}): StoredEvent => ({
  id: `e${++n}`, type, visitorId, sessionId: `s_${visitorId}`, ts, props, receivedAt: ts,
})

describe('live handoffs in the report', () => {
  it('gives time to the first human answer, how conversations ended and satisfaction after a person closed', () => {
    const events = [
      // a: taken after 40 s, first answer after 60 s, closed by the person, rated 5
      ev('handoff', 'a', T0, { reason: 'asked' }),
      ev('handoff_taken', 'a', T0 + 40_000, { conversationId: 'c1', waitMs: 40_000 }),
      ev('agent_message', 'a', T0 + 60_000, { conversationId: 'c1', responseMs: 60_000 }),
      ev('agent_message', 'a', T0 + 90_000, { conversationId: 'c1' }), // not the first: no responseMs
      ev('handoff_closed', 'a', T0 + 120_000, { conversationId: 'c1', by: 'agent' }),
      ev('feedback', 'a', T0 + 130_000, { csat: 5, topic: 'live' }),
      // b: first answer after 3 min, released to the assistant
      ev('handoff_taken', 'b', T0, { conversationId: 'c2', waitMs: 170_000 }),
      ev('agent_message', 'b', T0, { conversationId: 'c2', responseMs: 180_000 }),
      ev('handoff_released', 'b', T0 + 1, { conversationId: 'c2', by: 'agent' }),
      // c: nobody came; a rating about something else is not "after a handoff"
      ev('handoff_unanswered', 'c', T0, { conversationId: 'c3', waitMs: 180_000 }),
      ev('feedback', 'c', T0 + 1, { csat: 1, topic: 'flow:gift-watch' }),
    ]
    const { live } = buildReport(events)
    expect(live).toEqual({
      taken: 2,
      firstResponse: { count: 2, p50: 60_000, p90: 180_000 },
      closed: 1,
      released: 1,
      unanswered: 1,
      resolvedShare: 0.5,
      csat: 5,
      csatN: 1,
    })
    const html = renderReport(buildReport(events))
    expect(html).toContain('2 taken by a person · first answer p50 60.00 s, p90 180.00 s')
    expect(html).toContain('resolved after handoff 50')
    expect(html).toContain('satisfaction after 5.0/5 (1)')
  })

  it('says nothing about live handoffs where none happened', () => {
    const report = buildReport([ev('message_sent', 'a', T0)])
    expect(report.live).toMatchObject({ taken: 0, closed: 0, csatN: 0, firstResponse: { count: 0 } })
    expect(renderReport(report)).not.toContain('taken by a person')
  })
})
