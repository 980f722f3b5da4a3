import { describe, expect, it } from 'vitest'
import { buildReport } from '../analytics/report.ts'
import type { StoredEvent } from '../store/types.ts'
import { esc, renderReport } from './render.ts'

const T0 = Date.UTC(2026, 9, 1, 12)
let n = 0
const ev = (type: string, visitorId: string, props: Record<string, unknown> = {}, ts = T0 + n): StoredEvent => ({
  id: `e${++n}`,
  type,
  visitorId,
  sessionId: `s_${visitorId}`,
  ts,
  props,
  receivedAt: ts,
})

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>'

describe('renderReport', () => {
  it('escapes every untrusted prop and draws the four charts as inline SVG', () => {
    const events = [
      ev('experiment_exposure', 'a', { experiment: `exp${XSS}`, variant: `v"${XSS}` }),
      ev('experiment_exposure', 'b', { experiment: `exp${XSS}`, variant: 'other' }),
      ev('greet_shown', 'a', { campaign: XSS, keyword: `kw'${XSS}`, source: XSS }),
      ev('widget_open', 'a'),
      ev('message_sent', 'a', { intent: XSS }),
      ev('reply_latency', 'a', { ms: 900 }),
      ev('coupon_copied', 'a', { ruleId: XSS }),
      ev('handoff', 'a', { reason: XSS }),
      ev('feedback', 'a', { value: -1, q: XSS, topic: XSS }),
      ev('unanswered', 'a', { q: `${XSS}?` }),
      ev('purchase', 'a', { value: 10, orderId: XSS }),
    ]
    const html = renderReport(buildReport(events), `title ${XSS}`)
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    // Quotes are escaped too, so a prop cannot leave an attribute value.
    expect(html).toContain('v&quot;&lt;script&gt;')
    expect(html).not.toContain('v"')
    expect(html).toContain(esc(XSS))
    for (const chart of ['funnel', 'latency', 'satisfaction', 'experiment']) expect(html).toMatch(new RegExp(`<svg class="chart" data-chart="${chart}"`))
    expect(html).toContain("default-src 'none'") // and a CSP forbids any load
    expect(html).toContain('always-valid sequential test') // each variant against the control (was: the z-test of best vs runner-up)
  })

  it('renders an empty store without failing', () => {
    const html = renderReport(buildReport([]))
    expect(html).toContain('No experiment exposures recorded.')
    expect(html).toContain('data-chart="funnel"')
    // No external requests: no element loads anything.
    expect(html).not.toMatch(/\s(?:src|href|srcset|action)=/)
  })
})
