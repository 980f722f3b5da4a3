// Verified identity in the browser, as a shop wires it: its server computes the hash of the logged-in
// customer's id, the page calls huike('identify', traits, {hash}), and only then does a VIP-only offer
// appear. Someone claiming "vip" from DevTools gets nothing; huike('reset') logs out.
import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { NODE_EDGE, useEdgeAndBrowser } from '../support/edge-and-browser.ts'
import { parts, typeAndSend } from '../support/widget-page.ts'

const SECRET = 'e2e-identity-secret'
const dir = mkdtempSync(join(tmpdir(), 'huike-identity-'))
const configPath = join(dir, 'config.json')
const config = JSON.parse(readFileSync('demo/config.json', 'utf8'))
// A VIP-only coupon (a code no other rule or experiment shows) under product answers, above every other reply rule.
config.offers.push({ id: 'vip-100', type: 'coupon', title: { 'zh-CN': 'VIP 专享券', en: 'VIP coupon' }, code: 'VIP100', discount: { type: 'amount', value: 100 } })
config.rules.unshift({ id: 'vip-only', priority: 999, slot: 'reply', promotional: false, when: { segment: ['vip'] }, then: { offer: 'vip-100', text: { 'zh-CN': 'VIP 专享：{code}', en: 'VIP: {code}' } } })
writeFileSync(configPath, JSON.stringify(config))

const shop = useEdgeAndBrowser({ command: NODE_EDGE, env: { HUIKE_CONFIG: configPath, HUIKE_IDENTITY_SECRET: SECRET, HUIKE_DB: join(dir, 'huike.db') } })
const hashOf = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex')

async function askAs(identify: unknown[]): Promise<string> {
  const page = await shop.visitor('/')
  await page.evaluate((args) => (window as unknown as { huike: (...a: unknown[]) => void }).huike(...args), identify)
  await typeAndSend(page, 'X5 多少钱？')
  await page.locator(parts.message('assistant')).last().filter({ hasText: '899' }).waitFor()
  await page.waitForFunction(() => !document.querySelector('#huike-root')?.shadowRoot?.querySelector('[part~="stop"]'))
  const coupons = await page.locator(parts.card('coupon')).allInnerTexts()
  await page.context().close()
  return coupons.join('\n')
}

test('a customer the shop verified gets the VIP offer', async () => {
  expect(await askAs(['identify', { id: 'cust-42', segment: 'vip' }, { hash: hashOf('cust-42') }])).toContain('VIP100')
})

test('a segment claimed from the page without the proof gets nothing', async () => {
  expect(await askAs(['identify', { id: 'cust-42', segment: 'vip' }])).not.toContain('VIP100')
  expect(await askAs(['identify', { id: 'cust-43', segment: 'vip' }, { hash: hashOf('cust-42') }])).not.toContain('VIP100')
})
