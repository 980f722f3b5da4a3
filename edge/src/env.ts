// Reads the environment (CONTRACT §2) into typed settings, the same way for Node (process.env) and
// Workers (bindings), so both entries agree on names and defaults.
import { DEFAULT_MODEL } from './model/openai.ts'

export interface EdgeSettings {
  /** Set when OPENAI_API_KEY is: the LLM to use. Unset: the offline responder answers. */
  openai?: { apiKey: string; baseURL?: string; model: string }
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
  /** HUIKE_EVENTS_RETENTION_DAYS: raw events older than this are purged (at startup, then daily); default 400. */
  eventsRetentionDays: number
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

function text(env: EnvVars, name: string): string | undefined {
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

function webhookUrl(env: EnvVars): string | undefined {
  const raw = text(env, 'HUIKE_WEBHOOK_URL')
  if (raw === undefined) return undefined
  if (!/^https?:\/\/[^\s]+$/.test(raw)) throw new Error(`HUIKE_WEBHOOK_URL must be an http(s) URL, got "${raw}"`)
  return raw
}

export function readSettings(env: EnvVars): EdgeSettings {
  const apiKey = text(env, 'OPENAI_API_KEY')
  const origins = text(env, 'HUIKE_ALLOWED_ORIGINS')
  return {
    openai: apiKey
      ? { apiKey, baseURL: text(env, 'OPENAI_BASE_URL'), model: text(env, 'HUIKE_MODEL') ?? DEFAULT_MODEL }
      : undefined,
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
    eventsRetentionDays: positiveNumber(env, 'HUIKE_EVENTS_RETENTION_DAYS') ?? DEFAULT_EVENTS_RETENTION_DAYS,
  }
}

/** One line for startup logs: which model answers. */
export function describeProvider(settings: EdgeSettings): string {
  return settings.openai ? `openai model ${settings.openai.model}` : 'offline'
}
