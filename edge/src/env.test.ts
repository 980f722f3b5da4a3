import { describe, expect, it } from 'vitest'
import { readSettings } from './env.ts'
import { DEFAULT_MODEL } from './model/openai.ts'

describe('readSettings', () => {
  it('answers offline without a key, on port 8787', () => {
    expect(readSettings({})).toMatchObject({ openai: undefined, port: 8787, allowedOrigins: undefined })
  })

  it('uses an OpenAI-compatible model when a key is set', () => {
    expect(readSettings({ OPENAI_API_KEY: 'sk-1' }).openai).toEqual({ apiKey: 'sk-1', baseURL: undefined, model: DEFAULT_MODEL })
    expect(readSettings({ OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', HUIKE_MODEL: 'qwen2.5' }).openai).toEqual({
      apiKey: 'sk-1',
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5',
    })
  })

  it('splits the allowed origins and reads the port', () => {
    const settings = readSettings({ HUIKE_ALLOWED_ORIGINS: 'https://a.example, https://b.example,', PORT: '9000' })
    expect(settings.allowedOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(settings.port).toBe(9000)
  })

  it('reads the webhook URL override and secret, refusing a URL that is not http(s)', () => {
    expect(readSettings({ HUIKE_WEBHOOK_URL: 'https://hooks.example/huike', HUIKE_WEBHOOK_SECRET: 's3cret' })).toMatchObject({ webhookUrl: 'https://hooks.example/huike', webhookSecret: 's3cret' })
    expect(readSettings({})).toMatchObject({ webhookUrl: undefined, webhookSecret: undefined })
    expect(() => readSettings({ HUIKE_WEBHOOK_URL: 'hooks.example' })).toThrow('HUIKE_WEBHOOK_URL must be an http(s) URL, got "hooks.example"')
  })

  it('limits chat to 30 requests a minute per client unless HUIKE_RATE_LIMIT says otherwise (0: off)', () => {
    expect(readSettings({}).chatPerMinute).toBe(30)
    expect(readSettings({ HUIKE_RATE_LIMIT: '120' }).chatPerMinute).toBe(120)
    expect(readSettings({ HUIKE_RATE_LIMIT: '0' }).chatPerMinute).toBe(0)
    expect(() => readSettings({ HUIKE_RATE_LIMIT: 'lots' })).toThrow('HUIKE_RATE_LIMIT must be a positive number, got "lots"')
  })

  it('limits events to 600 a minute per client unless HUIKE_EVENTS_RATE_LIMIT says otherwise (0: off)', () => {
    expect(readSettings({}).eventsPerMinute).toBe(600)
    expect(readSettings({ HUIKE_EVENTS_RATE_LIMIT: '1200' }).eventsPerMinute).toBe(1200)
    expect(readSettings({ HUIKE_EVENTS_RATE_LIMIT: '0' }).eventsPerMinute).toBe(0)
    expect(() => readSettings({ HUIKE_EVENTS_RATE_LIMIT: '-5' })).toThrow('HUIKE_EVENTS_RATE_LIMIT must be a positive number, got "-5"')
  })

  it('keeps raw events 400 days unless HUIKE_EVENTS_RETENTION_DAYS says otherwise', () => {
    expect(readSettings({}).eventsRetentionDays).toBe(400)
    expect(readSettings({ HUIKE_EVENTS_RETENTION_DAYS: '90' }).eventsRetentionDays).toBe(90)
    expect(() => readSettings({ HUIKE_EVENTS_RETENTION_DAYS: '0' })).toThrow('HUIKE_EVENTS_RETENTION_DAYS must be a positive number, got "0"')
  })

  it('refuses a nonsense port', () => {
    expect(() => readSettings({ PORT: 'eighty' })).toThrow('PORT must be a positive number, got "eighty"')
  })
})
