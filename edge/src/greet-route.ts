// POST /v1/greet: the opening line and quick replies, from the site config in the visitor's language.
// Issue 6 personalises it (landing keyword, profile, campaigns, experiments); the shape is final.
import { Hono } from 'hono'
import { localized } from '../../shared/config.ts'
import { GreetRequestSchema, type GreetResponse } from '../../shared/protocol.ts'
import type { AppDeps } from './app.ts'
import { readJson } from './validate.ts'

export function greetRoute(deps: Pick<AppDeps, 'config'>): Hono {
  const route = new Hono()
  route.post('/', async (c) => {
    const { lang } = await readJson(c, GreetRequestSchema)
    const { greeting } = deps.config
    const body: GreetResponse = {
      greeting: localized(greeting.text, lang),
      brand: localized(deps.config.brand.name, lang),
      suggestions: greeting.suggestions.map((s) => localized(s, lang)),
      cards: [],
      campaign: null,
      variant: null,
      proactive: null,
    }
    return c.json(body)
  })
  return route
}
