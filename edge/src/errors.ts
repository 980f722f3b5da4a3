// One error shape for the whole API (CONTRACT §4): `{"error": {"code", "message"}}`. Routes and
// middlewares throw `ApiError`; `renderError` is the app's single `onError`, so no handler formats
// errors itself and nothing internal (stack traces, upstream bodies) ever reaches a visitor.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ApiErrorBody, ErrorCode } from '../../shared/protocol.ts'

export class ApiError extends HTTPException {
  readonly code: ErrorCode
  /** Extra response headers, e.g. `Retry-After` for 429. */
  readonly headers: Record<string, string>

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(status, { message })
    this.code = code
    this.headers = headers
  }
}

/** Codes for HTTPExceptions thrown by Hono itself or third-party middleware. */
const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  403: 'forbidden_origin',
  404: 'not_found',
  413: 'too_large',
  429: 'rate_limited',
}

export function errorBody(code: ErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } }
}

export function renderError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value)
    return c.json(errorBody(err.code, err.message), err.status)
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code = CODE_FOR_STATUS[err.status] ?? 'invalid_request'
    return c.json(errorBody(code, err.message || code), err.status as ContentfulStatusCode)
  }
  // A bug or an unexpected failure: log it for the operator, tell the visitor nothing internal.
  console.error(`huike: ${c.req.method} ${c.req.path} failed:`, err)
  return c.json(errorBody('internal', 'Something went wrong. Please try again.'), 500)
}

export function renderNotFound(c: Context): Response {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404)
}
