import { describe, expect, it } from 'vitest'
import { handoffWarning, readSettings } from './env.ts'
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

  it('trusts no proxy unless HUIKE_TRUST_PROXY counts them', () => {
    expect(readSettings({}).trustProxy).toBe(0)
    expect(readSettings({ HUIKE_TRUST_PROXY: '2' }).trustProxy).toBe(2)
    expect(() => readSettings({ HUIKE_TRUST_PROXY: 'true' })).toThrow('HUIKE_TRUST_PROXY must be the number of reverse proxies in front of the edge (e.g. 1 for nginx alone), got "true"')
  })

  it('keeps raw events 400 days unless HUIKE_EVENTS_RETENTION_DAYS says otherwise', () => {
    expect(readSettings({}).eventsRetentionDays).toBe(400)
    expect(readSettings({ HUIKE_EVENTS_RETENTION_DAYS: '90' }).eventsRetentionDays).toBe(90)
    expect(() => readSettings({ HUIKE_EVENTS_RETENTION_DAYS: '0' })).toThrow('HUIKE_EVENTS_RETENTION_DAYS must be a positive number, got "0"')
  })

  it('turns live handoff on with HUIKE_AGENT_TOKEN, waiting 3 minutes for a person unless HUIKE_LIVE_WAIT_MS says otherwise', () => {
    expect(readSettings({})).toMatchObject({ agentToken: undefined, liveWaitMs: 180_000, chatwoot: undefined })
    expect(readSettings({ HUIKE_AGENT_TOKEN: ' t0k ', HUIKE_LIVE_WAIT_MS: '60000' })).toMatchObject({ agentToken: 't0k', liveWaitMs: 60_000 })
    expect(() => readSettings({ HUIKE_LIVE_WAIT_MS: 'soon' })).toThrow('HUIKE_LIVE_WAIT_MS must be a positive number, got "soon"')
  })

  describe('Chatwoot', () => {
    const chatwoot = { HUIKE_CHATWOOT_URL: 'https://chat.example', HUIKE_CHATWOOT_INBOX: 'abc' }
    const token = '9f8e7d6c5b4a39281706f5e4d3c2b1a0'

    it('reads the instance, the inbox and the webhook\'s secret and URL token', () => {
      expect(readSettings({}).chatwoot).toBeUndefined()
      expect(readSettings({ ...chatwoot, HUIKE_CHATWOOT_SECRET: ' s3cret ' }).chatwoot).toEqual({ url: 'https://chat.example', inbox: 'abc', secret: 's3cret' })
      expect(readSettings({ ...chatwoot, HUIKE_CHATWOOT_WEBHOOK_TOKEN: token }).chatwoot).toEqual({ url: 'https://chat.example', inbox: 'abc', webhookToken: token })
    })

    it('refuses a URL that is not http(s)', () => {
      for (const url of ['chat.example', 'ftp://chat.example', 'https://chat example']) {
        expect(() => readSettings({ ...chatwoot, HUIKE_CHATWOOT_URL: url, HUIKE_CHATWOOT_SECRET: 's' })).toThrow(`HUIKE_CHATWOOT_URL must be an http(s) URL, got "${url}"`)
      }
    })

    it('says what is missing from half a setup', () => {
      expect(() => readSettings({ HUIKE_CHATWOOT_URL: 'https://chat.example', HUIKE_CHATWOOT_SECRET: 's' })).toThrow(/HUIKE_CHATWOOT_INBOX is not: set it to the inbox identifier of a Chatwoot API-channel inbox/)
      expect(() => readSettings({ HUIKE_CHATWOOT_INBOX: 'abc', HUIKE_CHATWOOT_SECRET: 's' })).toThrow('HUIKE_CHATWOOT_INBOX, HUIKE_CHATWOOT_SECRET are set but HUIKE_CHATWOOT_URL is not')
    })

    it('refuses a setup whose webhook nothing would verify, or whose URL token is guessable', () => {
      expect(() => readSettings(chatwoot)).toThrow(/set HUIKE_CHATWOOT_SECRET \(the API inbox's webhook secret\) or HUIKE_CHATWOOT_WEBHOOK_TOKEN/)
      expect(() => readSettings({ ...chatwoot, HUIKE_CHATWOOT_WEBHOOK_TOKEN: 'abc123' })).toThrow(/HUIKE_CHATWOOT_WEBHOOK_TOKEN must be at least 16/)
      expect(() => readSettings({ ...chatwoot, HUIKE_CHATWOOT_WEBHOOK_TOKEN: `${token}/x` })).toThrow(/HUIKE_CHATWOOT_WEBHOOK_TOKEN must be/)
    })
  })

  it('warns once at start-up when handoff rules are on but neither a live channel nor a webhook can reach a person', () => {
    const rules = { asked: true, angry: true, unresolved: 2, negative: 3 }
    expect(handoffWarning(readSettings({}), { rules })).toMatch(/no person can be reached: set HUIKE_AGENT_TOKEN/)
    expect(handoffWarning(readSettings({ HUIKE_AGENT_TOKEN: 't' }), { rules })).toBeUndefined()
    expect(handoffWarning(readSettings({ HUIKE_CHATWOOT_URL: 'https://chat.example', HUIKE_CHATWOOT_INBOX: 'abc', HUIKE_CHATWOOT_SECRET: 's' }), { rules })).toBeUndefined()
    expect(handoffWarning(readSettings({ HUIKE_WEBHOOK_URL: 'https://hooks.example' }), { rules })).toBeUndefined()
    expect(handoffWarning(readSettings({}), { rules, webhook: 'https://hooks.example' })).toBeUndefined()
    expect(handoffWarning(readSettings({}), { rules: { asked: false, angry: false, unresolved: 0, negative: 0 } })).toBeUndefined()
  })

  it('refuses a nonsense port', () => {
    expect(() => readSettings({ PORT: 'eighty' })).toThrow('PORT must be a positive number, got "eighty"')
  })
})
