import { describe, expect, it } from 'vitest'
import { chatBody, postJson, testApp } from './testing.ts'

const app = testApp()

async function error(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

describe('request validation', () => {
  it('rejects a body that is not JSON with 400 bad_json', async () => {
    const res = await postJson(app, '/v1/chat', '{"visitorId": ')
    expect(res.status).toBe(400)
    expect(await error(res)).toMatchObject({ code: 'bad_json' })
  })

  it('rejects an empty body as bad JSON', async () => {
    const res = await app.request('/v1/chat', { method: 'POST' })
    expect(res.status).toBe(400)
    expect((await error(res)).code).toBe('bad_json')
  })

  it('names the missing field', async () => {
    const res = await postJson(app, '/v1/chat', JSON.stringify({ visitorId: 'v_1', sessionId: 's_1' }))
    expect(res.status).toBe(400)
    const { code, message } = await error(res)
    expect(code).toBe('invalid_request')
    expect(message).toMatch(/^messages: /)
  })

  it('refuses a message over 2,000 characters, naming where it is', async () => {
    const res = await postJson(app, '/v1/chat', chatBody('好'.repeat(2001)))
    expect(res.status).toBe(400)
    expect((await error(res)).message).toBe('messages.0.content: a message may have at most 2000 characters')
  })

  it('accepts a message of exactly 2,000 characters', async () => {
    const res = await postJson(app, '/v1/chat', chatBody('好'.repeat(2000)))
    expect(res.status).toBe(200)
    await res.body?.cancel()
  })

  it('requires the conversation to end with the visitor', async () => {
    const res = await postJson(app, '/v1/chat', chatBody([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }]))
    expect(res.status).toBe(400)
    expect((await error(res)).message).toContain('the last message must be from the user')
  })

  it('names a wrong language', async () => {
    const res = await postJson(app, '/v1/chat', chatBody('hi', { lang: 'fr' }))
    expect(res.status).toBe(400)
    expect((await error(res)).message).toMatch(/^lang: /)
  })

  it('says what is wrong when the body is not an object', async () => {
    const res = await postJson(app, '/v1/greet', '[1, 2]')
    expect(res.status).toBe(400)
    expect((await error(res)).message).toMatch(/^body: /)
  })
})
