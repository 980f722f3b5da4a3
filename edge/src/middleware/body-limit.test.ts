import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../../shared/protocol.ts'
import { chatBody, testApp } from '../testing.ts'

const app = testApp()
const oversized = JSON.stringify({ visitorId: 'v_1', sessionId: 's_1', messages: [], padding: 'x'.repeat(MAX_BODY_BYTES) })

/** A request body that arrives in chunks, counting how much of it was actually pulled. */
function chunkedBody(text: string, chunkSize = 4096): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const bytes = new TextEncoder().encode(text)
  let offset = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + chunkSize))
      offset += chunkSize
    },
  })
  return { stream, pulled: () => offset }
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return app.request('/v1/chat', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    duplex: 'half',
  } as RequestInit)
}

async function expectTooLarge(res: Response) {
  expect(res.status).toBe(413)
  expect(await res.json()).toEqual({ error: { code: 'too_large', message: expect.stringContaining('64 KB') } })
}

describe('body limit', () => {
  it('refuses a body over 64 KB with 413 too_large', async () => {
    await expectTooLarge(await post(oversized))
  })

  it('refuses on a declared Content-Length alone, without reading the body', async () => {
    const { stream, pulled } = chunkedBody(oversized)
    await expectTooLarge(await post(stream, { 'content-length': String(oversized.length) }))
    expect(pulled()).toBeLessThan(MAX_BODY_BYTES)
  })

  it('stops reading at the limit when Content-Length is missing (chunked upload)', async () => {
    const huge = chunkedBody(oversized + ' '.repeat(10 * MAX_BODY_BYTES))
    await expectTooLarge(await post(huge.stream))
    expect(huge.pulled()).toBeLessThan(MAX_BODY_BYTES + 2 * 4096)
  })

  it('is not fooled by a Content-Length that lies', async () => {
    const lying = chunkedBody(oversized)
    await expectTooLarge(await post(lying.stream, { 'content-length': '100' }))
  })

  it('lets a body just under the limit through', async () => {
    const body = chatBody('X5 多少钱？', { profile: { note: 'x'.repeat(MAX_BODY_BYTES - 200) } })
    expect(body.length).toBeLessThan(MAX_BODY_BYTES)
    const res = await post(chunkedBody(body).stream)
    expect(res.status).toBe(200)
    await res.body?.cancel()
  })
})
