// POST /v1/greet: the opening line, quick replies and cards, personalised by the landing keyword,
// the visitor's profile, the marketing rules and the running experiment (edge/src/marketing/greet.ts).
import { Hono } from 'hono'
import { GreetRequestSchema } from '../../shared/protocol.ts'
import type { AppDeps } from './app.ts'
import { greet, referrerRewardsOn } from './marketing/greet.ts'
import { trustedProfile } from './identity.ts'
import { readJson } from './validate.ts'
import { withRegion } from './region.ts'

export function greetRoute(deps: Pick<AppDeps, 'config' | 'catalog' | 'log' | 'now' | 'store' | 'identitySecret'>): Hono {
  const route = new Hono()
  route.post('/', async (c) => {
    const parsed = await readJson(c, GreetRequestSchema)
    const request = { ...parsed, profile: await trustedProfile(parsed.profile, deps.identitySecret), page: withRegion(parsed.page, c.req.header('cf-ipcountry')) }
    const { config, catalog, store } = deps
    // Only asked when a rule rewards referrers: most greetings need no store at all.
    const log = deps.log ?? console.warn
    const referrals = store && referrerRewardsOn(config)
      ? await store.referralCount(request.visitorId).catch((err: unknown) => {
        log(`huike: referrals not counted: ${err instanceof Error ? err.message : String(err)}`) // greet without the reward
        return undefined
      })
      : undefined
    return c.json(greet(request, { config, catalog, log, now: deps.now, referrals }))
  })
  return route
}
