import { Hono } from 'hono'
import { describe, expect, test } from 'vitest'
import { SiteConfigSchema, type SiteConfig } from '../../../shared/config.ts'
import { renderError } from '../errors.ts'
import { agentConfigRoute } from './config-route.ts'

const base = { brand: { name: '慧客商城' }, persona: { name: '小慧', style: '热情' }, greeting: { text: '您好' } }

function app(config: SiteConfig) {
  const a = new Hono()
  a.onError(renderError)
  a.route('/v1/agent/config', agentConfigRoute({ config: () => config, token: 'agent-secret' }))
  return a
}
const get = (a: Hono, query = '', token: string | null = 'agent-secret') =>
  a.request(`/v1/agent/config${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })

describe('GET /v1/agent/config', () => {
  test('gives the default quick replies in Chinese, or in English with ?lang=en', async () => {
    const a = app(SiteConfigSchema.parse(base))
    const zh = await (await get(a)).json()
    expect(zh.lang).toBe('zh-CN')
    expect(zh.quickReplies).toContain('请稍等，我帮您查一下。')
    const en = await (await get(a, '?lang=en')).json()
    expect(en).toMatchObject({ lang: 'en' })
    expect(en.quickReplies).toContain('One moment please, let me check that for you.')
  })

  test("uses the site's own quick replies, falling back to Chinese where no English is given", async () => {
    const a = app(SiteConfigSchema.parse({ ...base, handoff: { quickReplies: ['亲，在的', { 'zh-CN': '马上为您处理', en: 'On it' }] } }))
    expect((await (await get(a, '?lang=en')).json()).quickReplies).toEqual(['亲，在的', 'On it'])
  })

  test('needs the agent token: none is 401, a wrong one 403', async () => {
    const a = app(SiteConfigSchema.parse(base))
    const none = await get(a, '', null)
    expect(none.status).toBe(401)
    expect((await none.json()).error.code).toBe('unauthorized')
    expect((await get(a, '', 'guess')).status).toBe(403)
  })
})
