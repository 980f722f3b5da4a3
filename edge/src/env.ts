// Reads the environment (CONTRACT §2) into typed settings, the same way for Node (process.env) and
// Workers (bindings), so both entries agree on names and defaults.
import { DEFAULT_LIVE_WAIT_MS } from '../../shared/limits.ts'
import { readChannelSettings, type ChannelSettings } from './channels/channel-settings.ts'
import { MODEL_OPTIONS_VAR, parseModelOptions, type ModelOptions } from './model/model-options.ts'
import { DEFAULT_MODEL, MAX_TOKENS } from './model/openai.ts'

export interface EdgeSettings {
  /** Set when OPENAI_API_KEY is: the LLM to use. Unset: the offline responder answers. */
  openai?: OpenAISettings
  allowedOrigins?: string[]
  /** Paths as given (Node only); unset: the demo catalog and config. */
  catalogPath?: string
  configPath?: string
  port: number
  firstTokenTimeoutMs?: number
  /** HUIKE_STREAM_IDLE_MS: after the first token, how long the model may send nothing (default 20 s, model/stream-reply.ts). */
  streamIdleMs?: number
  /** HUIKE_WEBHOOK_URL: overrides the config's webhook for handoffs and tickets. */
  webhookUrl?: string
  /** HUIKE_WEBHOOK_SECRET: HMAC key for the webhook signature; unset: unsigned. */
  webhookSecret?: string
  /** HUIKE_DB: the SQLite file for events and visitor tokens (Node; Workers use the D1 binding DB). */
  dbPath: string
  /** HUIKE_ADMIN_TOKEN: bearer token for GET /v1/report; unset: the report endpoint is off. */
  adminToken?: string
  /** HUIKE_RATE_LIMIT: chat requests per minute per client (default 30); 0 turns the limit off. */
  chatPerMinute: number
  /** HUIKE_EVENTS_RATE_LIMIT: analytics events per minute per client (default 600); 0 turns the limit off. */
  eventsPerMinute: number
  /**
   * HUIKE_TRUST_PROXY: how many reverse proxies stand in front of the Node edge; the client address
   * (for rate limits) is then the one that many hops back in X-Forwarded-For. Unset or 0: the socket's
   * address, and X-Forwarded-For is ignored (anyone can write it).
   */
  trustProxy: number
  /** HUIKE_EVENTS_RETENTION_DAYS: raw events older than this are purged (at startup, then daily); default 400. */
  eventsRetentionDays: number
  /** HUIKE_IDENTITY_SECRET: verifies huike('identify', {id, …}, {hash}); unset: identify traits are hints only (identity.ts). */
  identitySecret?: string
  /** HUIKE_AGENT_TOKEN: the shop's people's bearer token; set: live handoff and the agent API are on. */
  agentToken?: string
  /** HUIKE_LIVE_WAIT_MS: how long a handoff waits for a person before it closes as unanswered. */
  liveWaitMs: number
  /** HUIKE_CHATWOOT_*: a Chatwoot instance as the live channel (live handoff on, with or without HUIKE_AGENT_TOKEN). */
  chatwoot?: ChatwootSettings
  /** HUIKE_OFFLINE_PACING=0: the offline responder sends its answer without the typing pauses (benches and tests only). */
  offlinePacing: boolean
  /** HUIKE_SHUTDOWN_GRACE_MS (Node): after SIGTERM, how long running answers may finish before they are cut; default 10 s. */
  shutdownGraceMs: number
  /** The channels beyond the widget: API keys for apps, WeChat, WeChat customer service (channels/channel-settings.ts). */
  channels: ChannelSettings
}

export interface OpenAISettings {
  apiKey: string
  baseURL?: string
  model: string
  /** HUIKE_MODEL_OPTIONS: request fields sent with every chat completion (model/model-options.ts). */
  options?: ModelOptions
  /** What the edge changed in those options (a max_tokens above the cap), for the start-up log. */
  optionNotes?: string[]
}

export interface ChatwootSettings {
  /** HUIKE_CHATWOOT_URL: the instance, e.g. https://chat.shop.example */
  url: string
  /** HUIKE_CHATWOOT_INBOX: the identifier of its API-channel inbox. */
  inbox: string
  /** HUIKE_CHATWOOT_SECRET: the inbox's webhook secret (signed webhooks, Chatwoot ≥ 4.13). */
  secret?: string
  /** HUIKE_CHATWOOT_WEBHOOK_TOKEN: the token the inbox's webhook URL ends with (…/v1/channels/chatwoot/<token>). */
  webhookToken?: string
}

export type EnvVars = Record<string, string | undefined>

export const DEFAULT_PORT = 8787
export const DEFAULT_DB_PATH = './data/huike.db'
/** Far above a person typing, far below a script draining the LLM budget. */
export const DEFAULT_CHAT_PER_MINUTE = 30
/** Ten a second for a minute: far above a widget (a batch every ~2 s), far below a flood. */
export const DEFAULT_EVENTS_PER_MINUTE = 600
/** A year and a month: year-on-year reports still work, the store cannot grow without limit. */
export const DEFAULT_EVENTS_RETENTION_DAYS = 400
/**
 * Long enough for a streamed answer to finish. A process manager must wait a little longer before it
 * kills (systemd waits 90 s; Docker only 10 s unless `stop_grace_period`/`--stop-timeout` says more).
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000

export function text(env: EnvVars, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

function positiveNumber(env: EnvVars, name: string): number | undefined {
  const raw = text(env, name)
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`)
  return value
}

/** A per-minute limit: a positive number, or `0` for none. */
function perMinute(env: EnvVars, name: string, fallback: number): number {
  return text(env, name) === '0' ? 0 : positiveNumber(env, name) ?? fallback
}

/** A count of proxies: a whole number, 0 when unset. */
function hops(env: EnvVars, name: string): number {
  const raw = text(env, name)
  if (raw === undefined) return 0
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be the number of reverse proxies in front of the edge (e.g. 1 for nginx alone), got "${raw}"`)
  return Number(raw)
}

/** An absolute http(s) URL, as given; anything else fails naming the variable. */
export function httpUrl(name: string, raw: string): string {
  const protocol = (() => {
    try {
      return new URL(raw).protocol
    } catch {
      return undefined
    }
  })()
  if ((protocol !== 'http:' && protocol !== 'https:') || /\s/.test(raw)) throw new Error(`${name} must be an http(s) URL, got "${raw}"`)
  return raw
}

function webhookUrl(env: EnvVars): string | undefined {
  const raw = text(env, 'HUIKE_WEBHOOK_URL')
  return raw === undefined ? undefined : httpUrl('HUIKE_WEBHOOK_URL', raw)
}

/** A URL token is the webhook's only proof on older Chatwoot: long enough not to be guessed, one path segment. */
const WEBHOOK_TOKEN = /^[A-Za-z0-9._~-]{16,}$/

/** All or nothing: half a Chatwoot setup fails at start-up, naming what is missing, not at the first handoff. */
function chatwoot(env: EnvVars): ChatwootSettings | undefined {
  const url = text(env, 'HUIKE_CHATWOOT_URL')
  const inbox = text(env, 'HUIKE_CHATWOOT_INBOX')
  const secret = text(env, 'HUIKE_CHATWOOT_SECRET')
  const webhookToken = text(env, 'HUIKE_CHATWOOT_WEBHOOK_TOKEN')
  if (url === undefined) {
    const stray = (['HUIKE_CHATWOOT_INBOX', 'HUIKE_CHATWOOT_SECRET', 'HUIKE_CHATWOOT_WEBHOOK_TOKEN'] as const).filter((name) => text(env, name) !== undefined)
    if (stray.length) throw new Error(`${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but HUIKE_CHATWOOT_URL is not: set it to your Chatwoot's address (e.g. https://chat.shop.example)`)
    return undefined
  }
  httpUrl('HUIKE_CHATWOOT_URL', url)
  if (inbox === undefined) throw new Error('HUIKE_CHATWOOT_URL is set but HUIKE_CHATWOOT_INBOX is not: set it to the inbox identifier of a Chatwoot API-channel inbox (Settings → Inboxes → the inbox → Configuration)')
  if (secret === undefined && webhookToken === undefined) {
    throw new Error('HUIKE_CHATWOOT_URL is set but nothing would verify its webhook (anyone could write to visitors as an agent): set HUIKE_CHATWOOT_SECRET (the API inbox\'s webhook secret) or HUIKE_CHATWOOT_WEBHOOK_TOKEN (a random token the inbox\'s webhook URL ends with), or both')
  }
  if (webhookToken !== undefined && !WEBHOOK_TOKEN.test(webhookToken)) {
    throw new Error('HUIKE_CHATWOOT_WEBHOOK_TOKEN must be at least 16 letters, digits, "-", "_", "." or "~" (e.g. the output of `openssl rand -hex 16`)')
  }
  return { url, inbox, ...(secret && { secret }), ...(webhookToken && { webhookToken }) }
}

/** The LLM settings when OPENAI_API_KEY is set; HUIKE_MODEL_OPTIONS is checked even without a key, so a typo shows at once. */
function openai(env: EnvVars): OpenAISettings | undefined {
  const apiKey = text(env, 'OPENAI_API_KEY')
  const rawOptions = text(env, MODEL_OPTIONS_VAR)
  const parsed = rawOptions === undefined ? undefined : parseModelOptions(rawOptions, MAX_TOKENS)
  if (!apiKey) return undefined
  return {
    apiKey,
    baseURL: text(env, 'OPENAI_BASE_URL'),
    model: text(env, 'HUIKE_MODEL') ?? DEFAULT_MODEL,
    ...(parsed && { options: parsed.options }),
    ...(parsed?.notes.length && { optionNotes: parsed.notes }),
  }
}

export function readSettings(env: EnvVars): EdgeSettings {
  const origins = text(env, 'HUIKE_ALLOWED_ORIGINS')
  return {
    openai: openai(env),
    allowedOrigins: origins?.split(',').map((o) => o.trim()).filter(Boolean),
    catalogPath: text(env, 'HUIKE_CATALOG'),
    configPath: text(env, 'HUIKE_CONFIG'),
    port: positiveNumber(env, 'PORT') ?? DEFAULT_PORT,
    firstTokenTimeoutMs: positiveNumber(env, 'HUIKE_FIRST_TOKEN_TIMEOUT_MS'),
    streamIdleMs: positiveNumber(env, 'HUIKE_STREAM_IDLE_MS'),
    webhookUrl: webhookUrl(env),
    webhookSecret: text(env, 'HUIKE_WEBHOOK_SECRET'),
    dbPath: text(env, 'HUIKE_DB') ?? DEFAULT_DB_PATH,
    adminToken: text(env, 'HUIKE_ADMIN_TOKEN'),
    chatPerMinute: perMinute(env, 'HUIKE_RATE_LIMIT', DEFAULT_CHAT_PER_MINUTE),
    eventsPerMinute: perMinute(env, 'HUIKE_EVENTS_RATE_LIMIT', DEFAULT_EVENTS_PER_MINUTE),
    trustProxy: hops(env, 'HUIKE_TRUST_PROXY'),
    eventsRetentionDays: positiveNumber(env, 'HUIKE_EVENTS_RETENTION_DAYS') ?? DEFAULT_EVENTS_RETENTION_DAYS,
    identitySecret: text(env, 'HUIKE_IDENTITY_SECRET'),
    agentToken: text(env, 'HUIKE_AGENT_TOKEN'),
    liveWaitMs: positiveNumber(env, 'HUIKE_LIVE_WAIT_MS') ?? DEFAULT_LIVE_WAIT_MS,
    chatwoot: chatwoot(env),
    offlinePacing: text(env, 'HUIKE_OFFLINE_PACING') !== '0',
    shutdownGraceMs: positiveNumber(env, 'HUIKE_SHUTDOWN_GRACE_MS') ?? DEFAULT_SHUTDOWN_GRACE_MS,
    channels: readChannelSettings(env),
  }
}

/** One line for startup logs: which model answers. */
export function describeProvider(settings: EdgeSettings): string {
  const llm = settings.openai
  if (!llm) return 'offline'
  const options = llm.options && Object.keys(llm.options).length ? `, options ${JSON.stringify(llm.options)}` : ''
  const notes = llm.optionNotes?.length ? ` (${MODEL_OPTIONS_VAR}: ${llm.optionNotes.join('; ')})` : ''
  return `openai model ${llm.model}${options}${notes}`
}

/**
 * The start-up warning when handoff rules are on but nothing can carry a handoff: no live channel
 * (HUIKE_AGENT_TOKEN, HUIKE_CHATWOOT_URL) and no webhook. Undefined when all is well.
 */
export function handoffWarning(settings: EdgeSettings, handoff: { rules: Record<string, unknown>; webhook?: string }): string | undefined {
  const rulesOn = Object.values(handoff.rules).some((rule) => rule !== false && rule !== 0 && rule !== undefined && rule !== null)
  if (!rulesOn || settings.agentToken || settings.chatwoot || settings.webhookUrl || handoff.webhook) return undefined
  return 'huike: handoff rules are on, but no person can be reached: set HUIKE_AGENT_TOKEN (live handoff), HUIKE_CHATWOOT_URL, or a webhook (HUIKE_WEBHOOK_URL or handoff.webhook in the config); until then visitors who ask for a person only see the hours and contacts'
}
