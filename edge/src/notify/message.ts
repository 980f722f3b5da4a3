// A message the visitor left in the handoff card's form (POST /v1/handoff/message), as the webhook
// receives it: the contact details exactly as given (the visitor gave them so the shop can answer, and
// consented), the free text masked like every other text that leaves the edge. Same webhook, signature,
// retries and operator log as the handoff notices (notice.ts); delivered after the 202, in the background.
import { localized, type SiteConfig } from '../../../shared/config.ts'
import type { LeaveMessage } from '../../../shared/live.ts'
import { maskPII } from '../../../shared/mask.ts'
import { hostOf, noticeUrl, type NotifySettings } from './notice.ts'
import { postWebhook, type DeliveryResult } from './webhook.ts'

export interface MessagePayload {
  /** Unique per message, the same on every retry: receivers can drop duplicates by it. */
  id: string
  type: 'message'
  /** ISO 8601, when the edge accepted it. */
  ts: string
  site: string
  visitorId: string
  sessionId: string
  lang?: string
  /** How to reach the visitor: not masked. */
  contact: { name?: string; phone?: string; wechat?: string; email?: string }
  /** What they wrote, masked (an ID number or an address in it is not a way to reach them). */
  text?: string
  /** The visitor ticked "contact me about this"; the schema accepts nothing else. */
  consent: true
}

/** Where a left message goes: the handoff webhook (HUIKE_WEBHOOK_URL first); undefined: nowhere. */
export function messageUrl(config: SiteConfig, settings: NotifySettings = {}): string | undefined {
  return noticeUrl('handoff', config, settings)
}

export function messagePayload(message: LeaveMessage, config: SiteConfig, now = new Date()): MessagePayload {
  const { visitorId, sessionId, lang, text, name, phone, wechat, email } = message
  const given = Object.entries({ name, phone, wechat, email }).filter(([, v]) => v)
  return {
    id: crypto.randomUUID(),
    type: 'message',
    ts: now.toISOString(),
    site: localized(config.brand.name, 'zh-CN'),
    visitorId,
    sessionId,
    ...(lang && { lang }),
    contact: Object.fromEntries(given),
    ...(text && { text: maskPII(text) }),
    consent: true,
  }
}

export interface DeliverMessageOptions {
  message: LeaveMessage
  /** The webhook's URL (messageUrl), decided before the message was accepted. */
  url: string
  config: SiteConfig
  settings?: NotifySettings
  /** Operator log; default console.warn. Gets the host and delivery id only, never the visitor's details. */
  log?: (message: string) => void
  now?: Date
}

/** Sends the message; resolves (never rejects) when delivered or given up. */
export async function deliverMessage(options: DeliverMessageOptions): Promise<DeliveryResult> {
  const log = options.log ?? console.warn
  try {
    const payload = messagePayload(options.message, options.config, options.now)
    const result = await postWebhook(options.url, JSON.stringify(payload), options.settings, { id: payload.id, event: payload.type })
    if (!result.ok) {
      log(`huike: message webhook to ${hostOf(options.url)} failed after ${result.attempts} attempt(s): ${result.error ?? 'unknown error'} (delivery ${payload.id}): the visitor's message did not arrive`)
    }
    return result
  } catch (err) {
    log(`huike: message webhook failed: ${err instanceof Error ? err.message : String(err)}`)
    return { ok: false, attempts: 0, error: String(err) }
  }
}
