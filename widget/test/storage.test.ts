import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fitBody, toHistory, type ChatBody } from '../src/app/history.ts'
import { openStore, rid, SESSION_IDLE_MS, touchIdentity } from '../src/app/storage.ts'
import type { Message } from '../src/app/types.ts'
import { memoryKV } from './helpers.ts'

const msg = (i: number, text = `message ${i}`, extra: Partial<Message> = {}): Message => ({
  id: `m_${i}`, role: i % 2 ? 'assistant' : 'user', text, ts: i, status: 'done', ...extra,
})

afterEach(() => vi.restoreAllMocks())

describe('storage', () => {
  it('survives a reload: a new store over the same IndexedDB database sees the data', async () => {
    const a = openStore('huike-test-reload')
    await a.set('messages', [msg(0, '你好')])
    await a.set('profile', { interests: ['手表'] })
    expect(a.persistent).toBe(true)
    const b = openStore('huike-test-reload') // the page after a reload
    expect(await b.get('messages')).toEqual([msg(0, '你好')])
    expect(await b.get('profile')).toEqual({ interests: ['手表'] })
    await b.clear()
    expect(await openStore('huike-test-reload').get('messages')).toBeUndefined()
  })

  it('falls back to memory when indexedDB.open throws, and keeps working', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError')
    })
    const kv = openStore('huike-test-blocked')
    await kv.set('visitorId', 'v_1')
    expect(await kv.get('visitorId')).toBe('v_1')
    expect(kv.persistent).toBe(false)
    await kv.clear()
    expect(await kv.get('visitorId')).toBeUndefined()
  })

  it('falls back to memory when IndexedDB is missing altogether', async () => {
    vi.stubGlobal('indexedDB', undefined)
    const kv = openStore('huike-test-missing')
    await kv.set('k', { a: 1 })
    expect(await kv.get('k')).toEqual({ a: 1 })
    expect(kv.persistent).toBe(false)
    vi.unstubAllGlobals()
  })

  it('keeps a stable visitor and rolls the session after 30 minutes without activity', async () => {
    const kv = memoryKV()
    const t0 = 1_700_000_000_000
    const first = await touchIdentity(kv, t0)
    expect(first.visitorId).toMatch(/^v_[0-9a-f]{24}$/)
    expect(first.sessionId).toMatch(/^s_[0-9a-f]{24}$/)
    const soon = await touchIdentity(kv, t0 + 10 * 60_000)
    expect(soon).toEqual(first)
    const later = await touchIdentity(kv, t0 + 10 * 60_000 + SESSION_IDLE_MS + 1)
    expect(later.visitorId).toBe(first.visitorId)
    expect(later.sessionId).not.toBe(first.sessionId)
  })

  it('makes prefixed random ids', () => {
    expect(rid('m_')).toMatch(/^m_[0-9a-f]{24}$/)
    expect(rid('m_')).not.toBe(rid('m_'))
  })
})

describe('request history', () => {
  const body = (messages: ChatBody['messages']): ChatBody => ({
    visitorId: 'v_1', sessionId: 's_1', messages, profile: {}, page: { url: 'https://shop.example/' }, lang: 'zh-CN',
  })

  it('sends at most the last 20 turns, oldest dropped, greeting and empty replies left out', () => {
    const list = [msg(1, '您好，我是小慧', { greeting: true }), ...Array.from({ length: 30 }, (_, i) => msg(i + 2)), msg(99, ' ', { role: 'assistant' }), msg(100, '最后一问', { role: 'user' })]
    const h = toHistory(list)
    expect(h).toHaveLength(20)
    expect(h.at(-1)).toEqual({ role: 'user', content: '最后一问' })
    expect(h[0]!.content).toBe('message 13')
    expect(h.some((m) => m.content.includes('小慧'))).toBe(false)
  })

  it('cuts each message to 2,000 characters', () => {
    const h = toHistory([msg(1, '长'.repeat(5000), { role: 'assistant' }), msg(2, '问')])
    expect(h[0]!.content).toHaveLength(2000)
  })

  it('drops the oldest messages until the JSON body is under the byte cap, keeping the newest', () => {
    const big = Array.from({ length: 20 }, (_, i) => ({ role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant', content: `${i}:` + '好'.repeat(1990) }))
    const fitted = fitBody(body(big))
    const bytes = new TextEncoder().encode(JSON.stringify(fitted)).length
    expect(bytes).toBeLessThanOrEqual(60_000)
    expect(fitted.messages.length).toBeLessThan(20)
    expect(fitted.messages.length).toBeGreaterThan(5)
    expect(fitted.messages.at(-1)).toEqual(big.at(-1))
    expect(fitBody(body(big.slice(0, 3))).messages).toHaveLength(3)
  })
})
