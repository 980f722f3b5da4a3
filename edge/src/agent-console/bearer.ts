// The agent API's door: `Authorization: Bearer <HUIKE_AGENT_TOKEN>` (none → 401, another → 403).
// Digests are compared, not the tokens, so a guess learns nothing from how long the check took.
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.ts'
import { hashToken, sameDigest } from '../store/token.ts'

export function agentBearer(token: string): MiddlewareHandler {
  const expected = hashToken(token)
  return async function checkAgentToken(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
    if (!match?.[1]) {
      throw new ApiError(401, 'unauthorized', 'Send the agent token as "Authorization: Bearer <HUIKE_AGENT_TOKEN>"', { 'www-authenticate': 'Bearer' })
    }
    if (!sameDigest(await hashToken(match[1]), await expected)) throw new ApiError(403, 'forbidden', 'Wrong agent token')
    await next()
  }
}
