import { describe, expect, test } from 'vitest'
import { ChatRequestSchema, MAX_MESSAGE_CHARS } from './protocol.ts'

const base = { visitorId: 'v_1', sessionId: 's_1', messages: [{ role: 'user', content: '你好' }] }

describe('ChatRequestSchema', () => {
  test('fills defaults for profile, page and lang', () => {
    expect(ChatRequestSchema.parse(base)).toMatchObject({ profile: {}, page: {}, lang: 'zh-CN' })
  })

  test('rejects a message over the length limit, naming where it is', () => {
    const r = ChatRequestSchema.safeParse({ ...base, messages: [{ role: 'user', content: 'x'.repeat(MAX_MESSAGE_CHARS + 1) }] })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual(['messages', 0, 'content'])
  })

  test('requires the newest message to be the visitor’s', () => {
    const r = ChatRequestSchema.safeParse({ ...base, messages: [...base.messages, { role: 'assistant', content: 'hi' }] })
    expect(r.success).toBe(false)
  })
})
