// Refuses request bodies over a size limit without ever holding more than the limit in memory:
// a declared Content-Length over the limit is refused before reading; otherwise the body is read
// through a counter that stops at the first byte too many (a missing or lying Content-Length, or a
// chunked upload, cannot get past it). The accepted bytes replace the request body, so handlers
// read it with the usual `c.req.text()`.
import type { MiddlewareHandler } from 'hono'
import { MAX_BODY_BYTES } from '../../../shared/protocol.ts'
import { ApiError } from '../errors.ts'

export interface BodyLimitOptions {
  maxBytes?: number
}

export function bodyLimit(options: BodyLimitOptions = {}): MiddlewareHandler {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES
  const tooLarge = () => new ApiError(413, 'too_large', `The request body is larger than ${Math.round(maxBytes / 1024)} KB`)

  return async function limitBody(c, next) {
    const body = c.req.raw.body
    if (!body) return next()

    const declared = Number(c.req.header('content-length'))
    if (Number.isFinite(declared) && declared > maxBytes) {
      await body.cancel().catch(() => {})
      throw tooLarge()
    }

    const chunks: Uint8Array[] = []
    let size = 0
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel().catch(() => {})
        throw tooLarge()
      }
      chunks.push(value)
    }
    const bytes = new Uint8Array(size)
    let offset = 0
    for (const chunk of chunks) {
      bytes.set(chunk, offset)
      offset += chunk.byteLength
    }
    // Keep method, headers and signal (the signal tells the chat stream that the client left).
    c.req.raw = new Request(c.req.raw, { body: bytes })
    return next()
  }
}
