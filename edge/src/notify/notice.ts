// A dialogue's notice (handoff, ticket) as the webhook receives it: who, where, why, and the
// conversation so far with this turn's reply, every free text passed through the shared PII masker.
// Delivered after the visitor's stream, in the background; failures go to the operator log.
import { localized, type SiteConfig } from '../../../shared/config.ts'
import { maskDeep, maskPII } from '../../../shared/mask.ts'
import type { ChatRequest } from '../../../shared/protocol.ts'
import type { DialogueNotice } from '../dialogue/types.ts'
import { customerContext } from '../identity.ts'
import { postWebhook, type DeliveryResult, type WebhookOptions } from './webhook.ts'

export interface NotifySettings extends WebhookOptions {
  /** HUIKE_WEBHOOK_URL: overrides the config's handoff.webhook / aftersales.webhook. */
  url?: string
}

export interface NoticePayload {
  /** Unique per notice, the same on every retry: receivers can drop duplicates by it. */
  id: string
  type: DialogueNotice['type']
  /** ISO 8601, when the edge raised it. */
  ts: string
  site: string
  topic: string
  visitorId: string
  sessionId: string
  lang: string
  page: ChatRequest['page']
  data: Record<string, unknown>
  transcript: { role: 'user' | 'assistant'; content: string }[]
  /** The shop's customer, when identify's hash proved who it is (identity.ts). */
  customer?: Record<string, unknown>
}

/** Fields the edge itself made (ticket number, order number…): not personal, kept readable. */
const KEEP = new Set(['id', 'kind', 'status', 'reason', 'orderNumber', 'purchaseDate', 'warrantyUntil', 'warrantyMonths', 'online', 'hours', 'live', 'form', 'intent', 'sentiment'])

export function noticeUrl(type: DialogueNotice['type'], config: SiteConfig, settings: NotifySettings = {}): string | undefined {
  return settings.url ?? (type === 'ticket' ? config.aftersales.webhook : undefined) ?? config.handoff.webhook
}

export interface NoticeInput {
  notice: DialogueNotice
  topic: string
  request: ChatRequest
  /** The reply the visitor got this turn. */
  reply: string
  config: SiteConfig
  now?: Date
}

export function noticePayload({ notice, topic, request, reply, config, now = new Date() }: NoticeInput): NoticePayload {
  const data = Object.fromEntries(Object.entries(notice.data).map(([k, v]) => [k, KEEP.has(k) ? v : maskDeep(v)]))
  const customer = customerContext(request.profile)
  return {
    id: crypto.randomUUID(),
    type: notice.type,
    ts: now.toISOString(),
    site: localized(config.brand.name, 'zh-CN'),
    topic,
    visitorId: request.visitorId,
    sessionId: request.sessionId,
    lang: request.lang,
    page: maskDeep(request.page),
    data,
    transcript: [...request.messages, { role: 'assistant' as const, content: reply }].map((m) => ({ role: m.role, content: maskPII(m.content) })),
    ...(customer && { customer }),
  }
}

export interface DeliverOptions extends NoticeInput {
  settings?: NotifySettings
  /** Operator log; default console.warn. Gets no personal data. */
  log?: (message: string) => void
}

/** Sends the notice if a webhook is configured; resolves (never rejects) when done or given up. */
export async function deliverNotice(options: DeliverOptions): Promise<DeliveryResult | undefined> {
  const log = options.log ?? console.warn
  try {
    const url = noticeUrl(options.notice.type, options.config, options.settings)
    if (!url) return undefined
    const payload = noticePayload(options)
    const result = await postWebhook(url, JSON.stringify(payload), options.settings, { id: payload.id, event: payload.type })
    if (!result.ok) {
      log(`huike: ${payload.type} webhook to ${hostOf(url)} failed after ${result.attempts} attempt(s): ${result.error ?? 'unknown error'} (topic ${payload.topic}, delivery ${payload.id})`)
    }
    return result
  } catch (err) {
    log(`huike: ${options.notice.type} webhook failed: ${err instanceof Error ? err.message : String(err)}`)
    return { ok: false, attempts: 0, error: String(err) }
  }
}

/** Only the host goes to the log: a webhook URL may carry a token in its path or query. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'the webhook'
  }
}
