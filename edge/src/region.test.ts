import { expect, it } from 'vitest'
import { withRegion } from './region.ts'

it("takes the CDN's country unless the page named a region, and ignores unknown codes", () => {
  expect(withRegion({}, 'de')).toEqual({ region: 'DE' })
  expect(withRegion({ region: 'CN' }, 'DE')).toEqual({ region: 'CN' })
  expect(withRegion({}, 'XX')).toEqual({})
  expect(withRegion({}, 'T1')).toEqual({})
  expect(withRegion({}, undefined)).toEqual({})
  expect(withRegion({}, 'GERMANY')).toEqual({})
})

it('a greeting for a visitor from an opt-in region carries no coupon until they consent', async () => {
  const { demoConfig, testApp } = await import('./testing.ts')
  const config = { ...demoConfig, marketing: { ...demoConfig.marketing, consentRequired: { default: false, regions: { DE: true } } } }
  const app = testApp({ config })
  const greet = async (country: string) => {
    const res = await app.request('/v1/greet', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-ipcountry': country },
      body: JSON.stringify({ visitorId: 'v_region', page: { url: 'http://localhost/' }, profile: {}, lang: 'zh-CN' }),
    })
    return (await res.json()) as { cards: { type: string }[] }
  }
  expect((await greet('DE')).cards.filter((c) => c.type === 'coupon')).toEqual([])
  expect((await greet('CN')).cards.some((c) => c.type === 'coupon')).toBe(true)
})
