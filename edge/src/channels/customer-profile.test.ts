// One customer across the web widget and an app: the identify hash proves the web visitor is the
// shop's customer, and the profile their app conversation built joins the widget's, both ways.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { askChat, eventData } from '../testing.ts'
import { joinProfiles } from './customer-profile.ts'
import { channelEdge } from './testing.ts'

const SECRET = 'identity-secret-for-tests'
const KEY = 'k_join_0123456789abcdef'
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
const hashOf = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex')

describe('one customer, one profile across channels', () => {
  it("the widget of a verified customer sees what they asked in the app, and the app sees the widget's", async () => {
    const { app, visitors } = await channelEdge({ channels: { apiKeys: [KEY] }, deps: { identitySecret: SECRET } })
    await app.request('/v1/channels/api/links', { method: 'POST', headers: auth, body: JSON.stringify({ channel: 'api', userId: 'app-7', customerId: 'cust-7' }) })
    await app.request('/v1/channels/api/messages', { method: 'POST', headers: auth, body: JSON.stringify({ userId: 'app-7', text: '介绍一下清泉饮水机' }) })

    const web = await askChat(app, '猫爬架多高', { profile: { customer: { id: 'cust-7' }, identityHash: hashOf('cust-7') } })
    const patch = eventData(web, 'profile').reduce((all, p) => ({ ...all, ...p.patch }), {} as Record<string, unknown>)
    expect(patch.askedProducts).toEqual(['pf-200', 'cat-tree'])
    await new Promise((r) => setTimeout(r, 50)) // the server profile is written in the background
    expect((await visitors.stateOf('u_cust-7'))?.profile.askedProducts).toEqual(['pf-200', 'cat-tree'])
  })

  it('a claimed id without its hash joins nothing', async () => {
    const { app, visitors } = await channelEdge({ channels: { apiKeys: [KEY] }, deps: { identitySecret: SECRET } })
    await app.request('/v1/channels/api/links', { method: 'POST', headers: auth, body: JSON.stringify({ channel: 'api', userId: 'app-8', customerId: 'cust-8' }) })
    await app.request('/v1/channels/api/messages', { method: 'POST', headers: auth, body: JSON.stringify({ userId: 'app-8', text: '介绍一下清泉饮水机' }) })
    const web = await askChat(app, '猫爬架多高', { profile: { customer: { id: 'cust-8' } } })
    const patch = eventData(web, 'profile').reduce((all, p) => ({ ...all, ...p.patch }), {} as Record<string, unknown>)
    expect(patch.askedProducts).toEqual(['cat-tree'])
    await new Promise((r) => setTimeout(r, 50))
    expect((await visitors.stateOf('u_cust-8'))?.profile.askedProducts).toEqual(['pf-200'])
  })

  it("joins lists and tallies, keeps the device's own values and what belongs to one device", () => {
    const joined = joinProfiles(
      { askedProducts: ['a', 'b'], views: { 猫: 2 }, budget: 300, consent: { marketing: true }, skinType: '油皮' },
      { askedProducts: ['b', 'c'], views: { 狗: 1 }, budget: 500, consent: { marketing: false } },
    )
    expect(joined).toEqual({ askedProducts: ['a', 'b', 'c'], views: { 猫: 2, 狗: 1 }, budget: 500, consent: { marketing: false }, skinType: '油皮' })
  })
})
