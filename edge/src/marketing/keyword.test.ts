import { describe, expect, it, vi } from 'vitest'
import { demoCatalog, demoConfig } from '../testing.ts'
import { fillTemplate, matchCampaign } from './campaigns.ts'
import { landingKeyword } from './keyword.ts'

describe('landing keyword', () => {
  it('reads UTF-8, + as space, and the parameters in order', () => {
    expect(landingKeyword('https://s.example/?utm_term=%E5%84%BF%E7%AB%A5%20%E6%99%BA%E8%83%BD%E6%89%8B%E8%A1%A8')).toEqual({ keyword: '儿童 智能手表', param: 'utm_term' })
    expect(landingKeyword('/landing?q=kids+watch&utm_campaign=spring')).toEqual({ keyword: 'kids watch', param: 'q' })
    expect(landingKeyword('/landing?utm_campaign=Spring_Sale#top')?.keyword).toBe('spring sale')
    expect(landingKeyword('/landing?x=1')).toBeUndefined()
    expect(landingKeyword(undefined)).toBeUndefined()
  })

  it("decodes Baidu's GBK percent-encoding", () => {
    expect(landingKeyword('https://s.example/?wd=%B6%F9%CD%AF%D6%C7%C4%DC%CA%D6%B1%ED%B6%A8%CE%BB')?.keyword).toBe('儿童智能手表定位')
  })

  it('logs a keyword that is neither UTF-8 nor GBK and ignores it', () => {
    const log = vi.fn()
    expect(landingKeyword('/?kw=%FF%FF%FF', log)).toBeUndefined()
    expect(log).toHaveBeenCalledWith(expect.stringContaining('neither UTF-8 nor GBK'))
  })

  it('logs an undecodable keyword masked, never with the phone number in it', () => {
    const log = vi.fn()
    expect(landingKeyword('/?kw=%FF%FE138%201234%205678', log)).toBeUndefined()
    expect(log).toHaveBeenCalledWith(expect.stringContaining('138****5678'))
    expect(JSON.stringify(log.mock.calls)).not.toMatch(/1234/)
  })
})

describe('campaign matching', () => {
  it('matches partially: 儿童智能手表定位 → kids-watch (儿童手表 + 定位)', () => {
    expect(matchCampaign('儿童智能手表定位', demoConfig.campaigns)?.id).toBe('kids-watch')
    expect(matchCampaign('儿童 手表 定位 推荐', demoConfig.campaigns)?.id).toBe('kids-watch')
    expect(matchCampaign('油皮 洁面 推荐', demoConfig.campaigns)?.id).toBe('skincare')
    expect(matchCampaign('5G 手机 拍照', demoConfig.campaigns)?.id).toBe('phone')
    expect(matchCampaign('机械键盘', demoConfig.campaigns)).toBeUndefined()
  })
})

describe('greeting templates', () => {
  it('fills facts from the catalog record, not from config text', () => {
    expect(fillTemplate('{x5.name}支持{x5.attributes.定位}，{x5.price}', demoCatalog)).toBe('X5 儿童智能手表支持九重定位，误差小于5米，¥899')
    expect(fillTemplate('搜索：{keyword}', demoCatalog, { keyword: '儿童手表' })).toBe('搜索：儿童手表')
  })

  it('gives up on a fact the catalog does not have (or a competitor)', () => {
    expect(fillTemplate('{x5.attributes.不存在}', demoCatalog)).toBeUndefined()
    expect(fillTemplate('{nope.name}', demoCatalog)).toBeUndefined()
    expect(fillTemplate('{rival-k9.name}', demoCatalog)).toBeUndefined()
  })
})
