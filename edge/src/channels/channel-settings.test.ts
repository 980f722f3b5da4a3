// The channels' variables as an operator sets them: each channel on only when whole, and a half
// setup refused at start-up with a message naming what to set.
import { describe, expect, it } from 'vitest'
import { readChannelSettings } from './channel-settings.ts'

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'

describe('readChannelSettings', () => {
  it('is all off by default', () => {
    expect(readChannelSettings({})).toEqual({})
  })

  it('turns WeChat on with the token alone, the message API and safe mode with their variables', () => {
    expect(readChannelSettings({ HUIKE_WECHAT_TOKEN: 't' }).wechat).toEqual({ token: 't', apiBase: 'https://api.weixin.qq.com' })
    const full = readChannelSettings({ HUIKE_WECHAT_TOKEN: 't', HUIKE_WECHAT_APPID: 'wx1', HUIKE_WECHAT_SECRET: 's', HUIKE_WECHAT_AES_KEY: KEY, HUIKE_WECHAT_API_BASE: 'http://127.0.0.1:9' })
    expect(full.wechat).toEqual({ token: 't', appId: 'wx1', secret: 's', aesKey: KEY, apiBase: 'http://127.0.0.1:9' })
  })

  it('names what is missing or wrong', () => {
    expect(() => readChannelSettings({ HUIKE_WECHAT_APPID: 'wx1' })).toThrow(/HUIKE_WECHAT_TOKEN/)
    expect(() => readChannelSettings({ HUIKE_WECHAT_TOKEN: 't', HUIKE_WECHAT_SECRET: 's' })).toThrow(/HUIKE_WECHAT_APPID/)
    expect(() => readChannelSettings({ HUIKE_WECHAT_TOKEN: 't', HUIKE_WECHAT_APPID: 'wx1', HUIKE_WECHAT_AES_KEY: 'short' })).toThrow(/43-character EncodingAESKey/)
    expect(() => readChannelSettings({ HUIKE_WECHAT_TOKEN: 't', HUIKE_WECHAT_API_BASE: 'ftp://x' })).toThrow(/HUIKE_WECHAT_API_BASE/)
    expect(() => readChannelSettings({ HUIKE_WECHAT_TOKEN: 't', HUIKE_WECHAT_REPLY_WITHIN_MS: '6000' })).toThrow(/5 s/)
    expect(() => readChannelSettings({ HUIKE_WECOM_CORP_ID: 'ww1', HUIKE_WECOM_TOKEN: 't' })).toThrow(/HUIKE_WECOM_SECRET, HUIKE_WECOM_AES_KEY/)
    expect(() => readChannelSettings({ HUIKE_CHANNEL_API_KEYS: 'short' })).toThrow(/at least 16/)
  })

  it('takes several API keys, for rotation', () => {
    expect(readChannelSettings({ HUIKE_CHANNEL_API_KEYS: ' key-one-0123456789 , key-two-0123456789 ' }).apiKeys).toEqual(['key-one-0123456789', 'key-two-0123456789'])
  })

  it('turns WeChat customer service on with all four', () => {
    const env = { HUIKE_WECOM_CORP_ID: 'ww1', HUIKE_WECOM_SECRET: 's', HUIKE_WECOM_TOKEN: 't', HUIKE_WECOM_AES_KEY: KEY }
    expect(readChannelSettings(env).wecom).toEqual({ corpId: 'ww1', secret: 's', token: 't', aesKey: KEY, apiBase: 'https://qyapi.weixin.qq.com' })
  })
})
