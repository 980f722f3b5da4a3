// GET /v1/agent/config: what the agent console needs from the site config, in the console's language
// (`?lang=en`; default zh-CN): the quick replies its people insert with one click. Read per request,
// so an edited config reaches the console on its next load. Mount: app.route('/v1/agent/config', agentConfigRoute(…)).
import { Hono } from 'hono'
import { localized, type SiteConfig } from '../../../shared/config.ts'
import { agentBearer } from '../middleware/bearer.ts'

export interface AgentConfigRouteOptions {
  /** The current site config (node.ts swaps it on reload). */
  config: () => SiteConfig
  /** HUIKE_AGENT_TOKEN. */
  token: string
}

export interface AgentConsoleConfig {
  quickReplies: string[]
  lang: 'zh-CN' | 'en'
}

export function agentConfigRoute(options: AgentConfigRouteOptions): Hono {
  const route = new Hono()
  route.get('/', agentBearer(options.token), (c) => {
    const lang = c.req.query('lang') === 'en' ? 'en' : 'zh-CN'
    const body: AgentConsoleConfig = { quickReplies: options.config().handoff.quickReplies.map((text) => localized(text, lang)), lang }
    c.header('cache-control', 'no-store')
    return c.json(body)
  })
  return route
}
