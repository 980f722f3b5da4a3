import { describe, expect, it } from 'vitest'
import configJson from '../../demo/config.json'
import { ConfigError, parseSiteConfig } from './site-config.ts'

describe('parseSiteConfig', () => {
  it('accepts the demo config', () => {
    expect(parseSiteConfig(configJson, 'config.json').brand.color).toBe('#e4393c')
  })

  it('names the file and the path of the problem', () => {
    const broken = { ...configJson, persona: { ...configJson.persona, style: 42 } }
    expect(() => parseSiteConfig(broken, 'config.json')).toThrow(ConfigError)
    expect(() => parseSiteConfig(broken, 'config.json')).toThrow(/^config\.json: persona\.style: /)
  })

  it('refuses a misspelt key instead of ignoring it', () => {
    const typo = { ...configJson, greting: {} }
    expect(() => parseSiteConfig(typo, 'site.json')).toThrow(/greting/)
  })
})
