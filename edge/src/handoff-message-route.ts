// POST /v1/handoff/message: "leave a message" from the handoff card when no person can join now
// (CONTRACT §6). Validated with the shared LeaveMessageSchema (400 naming the field: consent must be
// true, at least one way to reach the visitor), then delivered to the site's webhook after the 202,
// in the background, signed and retried like the handoff notices (notify/message.ts). Without a
// webhook there is nowhere for the message to go: 503, and the handoff card never offered the form.
import { Hono, type Context } from 'hono'
import type { SiteConfig } from '../../shared/config.ts'
import { LeaveMessageSchema } from '../../shared/live.ts'
import { inBackground } from './background.ts'
import { ApiError } from './errors.ts'
import { cloudflareClient, rateLimit } from './middleware/rate-limit.ts'
import { deliverMessage, messageUrl } from './notify/message.ts'
import type { NotifySettings } from './notify/notice.ts'
import type { DeliveryResult } from './notify/webhook.ts'
import { readJson } from './validate.ts'

export interface HandoffMessageRouteOptions {
  /** The current site config (it may be reloaded): its handoff.webhook, brand name. */
  config: () => SiteConfig
  /** HUIKE_WEBHOOK_URL (overrides the config's), HMAC secret, timeout and retries. */
  webhook?: NotifySettings
  /** Operator log for failed deliveries; default console.warn. */
  log?: (message: string) => void
  /** Keeps the delivery alive after the response; default: inBackground (Workers' waitUntil). */
  background?: (c: Context, task: Promise<unknown>) => void
  /** Called with each delivery as it starts (tests await it). */
  onDelivery?: (delivery: Promise<DeliveryResult>) => void
  /** Messages per minute per client (unset or 0: no limit): a form a person fills in, so a few suffice. */
  limit?: { perMinute: number; clientKey?: (c: Context) => string; now?: () => number }
}

export function handoffMessageRoute(options: HandoffMessageRouteOptions): Hono {
  const route = new Hono()
  const background = options.background ?? inBackground
  const perMinute = options.limit?.perMinute ?? 0
  if (perMinute > 0) route.use('*', rateLimit({ perMinute, clientKey: options.limit?.clientKey ?? cloudflareClient, now: options.limit?.now }))

  route.post('/', async (c) => {
    const config = options.config()
    const url = messageUrl(config, options.webhook)
    if (!url) throw new ApiError(503, 'upstream_failed', 'Messages cannot be left here: no webhook is configured (handoff.webhook in the site config, or HUIKE_WEBHOOK_URL).')
    const message = await readJson(c, LeaveMessageSchema)
    const delivery = deliverMessage({ message, url, config, settings: options.webhook, log: options.log })
    options.onDelivery?.(delivery)
    background(c, delivery)
    return c.json({ accepted: true }, 202)
  })
  return route
}
