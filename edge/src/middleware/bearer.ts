// A door with a bearer token: `Authorization: Bearer <token>` (none → 401, another → 403). Several
// tokens may open it (an old and a new key while a shop rotates them). Digests are compared, not the
// tokens, so a guess learns nothing from how long the check took.
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.ts'
import { hashToken, sameDigest } from '../store/token.ts'

export interface BearerOptions {
  tokens: readonly string[]
  /** What the token is called in error messages: "the agent token". */
  what: string
  /** Where it is set, for the 401's hint: "HUIKE_AGENT_TOKEN". */
  variable: string
}

export function bearer({ tokens, what, variable }: BearerOptions): MiddlewareHandler {
  const expected = Promise.all(tokens.map(hashToken))
  return async function checkBearer(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
    if (!match?.[1]) {
      throw new ApiError(401, 'unauthorized', `Send ${what} as "Authorization: Bearer <${variable}>"`, { 'www-authenticate': 'Bearer' })
    }
    const digest = await hashToken(match[1])
    // Every digest is compared (no early exit), so timing does not tell which key came close.
    const matches = (await expected).map((e) => sameDigest(digest, e))
    if (!matches.includes(true)) throw new ApiError(403, 'forbidden', `Wrong ${what.replace(/^the /, '')}`)
    await next()
  }
}

/** The agent API's door: HUIKE_AGENT_TOKEN. */
export const agentBearer = (token: string) => bearer({ tokens: [token], what: 'the agent token', variable: 'HUIKE_AGENT_TOKEN' })
