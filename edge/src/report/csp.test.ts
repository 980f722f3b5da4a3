// The report's CSP admits exactly the page's own stylesheet: every inline <style> is hashed in it,
// and the page has nothing else the policy would block (scripts, style attributes, images).
import { describe, expect, it } from 'vitest'
import { demoEvents } from '../analytics/demo-data.ts'
import { buildReport } from '../analytics/report.ts'
import { cspHash, reportCsp } from './csp.ts'
import { renderReport } from './render.ts'

describe('reportCsp', () => {
  it('allows the rendered report\'s inline style by hash and nothing else', async () => {
    const html = renderReport(buildReport(demoEvents().map((e, i) => ({ ...e, id: e.id ?? `e${i}`, receivedAt: e.ts }))))
    const policy = await reportCsp()
    expect(policy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/)
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)
    expect(styles).toHaveLength(1)
    for (const style of styles) expect(policy).toContain(await cspHash(style))
    expect(html).not.toMatch(/<script|\sstyle=|<img|<link|<iframe|<form|\son[a-z]+=/i)
  })

  it('hashes as browsers do', async () => {
    // echo -n 'body{color:red}' | openssl dgst -sha256 -binary | base64
    expect(await cspHash('body{color:red}')).toBe("'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E='")
  })
})
