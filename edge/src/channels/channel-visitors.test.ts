// What the edge keeps for channel visitors, as the widget keeps it on a device: sessions that end after
// 30 minutes of silence, a retry's message id claimed once, visitors forgotten after the retention.
import { describe, expect, it } from 'vitest'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../store/libsql.ts'
import { ChannelVisitors, SESSION_IDLE_MS } from './channel-visitors.ts'

const DAY = 86_400_000
async function visitorsAt(clock: { now: number }, retentionDays = 30) {
  return new ChannelVisitors(libsqlDriver(await openLibsqlClient(MEMORY)), () => clock.now, retentionDays)
}

describe('ChannelVisitors', () => {
  it('keeps a session within 30 minutes and starts a new visit after, conversation kept', async () => {
    const clock = { now: Date.UTC(2026, 11, 1) }
    const visitors = await visitorsAt(clock)
    const first = await visitors.visit('wechat', 'o1')
    await visitors.save({ ...first, messages: [{ role: 'user', content: '你好' }] })
    clock.now += SESSION_IDLE_MS - 1000
    const same = await visitors.visit('wechat', 'o1')
    expect(same.sessionId).toBe(first.sessionId)
    await visitors.save(same)
    clock.now += SESSION_IDLE_MS + 1000
    const next = await visitors.visit('wechat', 'o1')
    expect(next.sessionId).not.toBe(first.sessionId)
    expect(next.visitorId).toBe(first.visitorId)
    expect(next.profile).toMatchObject({ visits: 2, lastVisit: same.lastSeen })
    expect(next.messages).toEqual([{ role: 'user', content: '你好' }])
  })

  it('claims a message id once', async () => {
    const visitors = await visitorsAt({ now: Date.now() })
    expect(await visitors.claimMessage('wechat', 'm1')).toBe(true)
    expect(await visitors.claimMessage('wechat', 'm1')).toBe(false)
    expect(await visitors.claimMessage('wecom', 'm1')).toBe(true)
  })

  it('forgets visitors silent for longer than the retention', async () => {
    const clock = { now: Date.UTC(2026, 0, 1) }
    const visitors = await visitorsAt(clock, 30)
    const old = await visitors.visit('api', 'quiet')
    await visitors.save({ ...old, messages: [{ role: 'user', content: '在吗' }] })
    clock.now += 31 * DAY
    // The first visit of the day purges in the background; purging again finds nothing more.
    const recent = await visitors.visit('api', 'busy')
    await visitors.save(recent)
    await new Promise((r) => setTimeout(r, 20))
    expect(await visitors.purgeSilent()).toBe(0)
    expect(await visitors.stateOf(old.visitorId)).toBeUndefined()
    expect(await visitors.known('api', 'quiet')).toBe(false)
    expect(await visitors.stateOf(recent.visitorId)).toBeDefined()
  })
})
