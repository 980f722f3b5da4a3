// POST /v1/greet: the opening line, quick replies and cards, personalised by the landing keyword,
// the visitor's profile, the marketing rules and the running experiment (edge/src/marketing/greet.ts).
import { Hono } from 'hono'
import { GreetRequestSchema } from '../../shared/protocol.ts'
import type { AppDeps } from './app.ts'
import { greet } from './marketing/greet.ts'
import { readJson } from './validate.ts'
import { withRegion } from './region.ts'

export function greetRoute(deps: Pick<AppDeps, 'config' | 'catalog' | 'log' | 'now'>): Hono {
  const route = new Hono()
  route.post('/', async (c) => {
    const parsed = await readJson(c, GreetRequestSchema)
    const request = { ...parsed, page: withRegion(parsed.page, c.req.header('cf-ipcountry')) }
    return c.json(greet(request, { config: deps.config, catalog: deps.catalog, log: deps.log ?? console.warn, now: deps.now }))
  })
  return route
}
