// Test helpers for channels (not a test file): an edge with channels over an in-memory database and a
// shop of another trade (pet supplies), so what the tests show holds beyond the demo catalog.
import pets from '../knowledge/fixtures/pets.json'
import type { AppDeps } from '../app.ts'
import { Catalog } from '../knowledge/catalog.ts'
import { validateProducts } from '../knowledge/validate-products.ts'
import { OfflineResponder } from '../model/offline.ts'
import { parseSiteConfig } from '../site-config.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../store/libsql.ts'
import { SqlEventStore } from '../store/sql-store.ts'
import { testApp } from '../testing.ts'
import { ChannelVisitors } from './channel-visitors.ts'
import type { ChannelDeps } from './index.ts'

// Relative product links, as a shop's catalog has them: channels make them absolute against shop.baseUrl.
export const petCatalog = new Catalog(validateProducts(pets.map((p) => ({ ...p, url: `/p/${p.id}` })), 'pets.json').products)
/** The offline responder over the pet shop, without typing pauses. */
export const petOffline = new OfflineResponder(petCatalog, { pieceDelayMs: 0 })
export const petConfig = parseSiteConfig(
  {
    brand: { name: '毛孩家' },
    persona: { name: '小毛', style: '亲切' },
    greeting: { text: '你好，我是小毛', suggestions: ['饮水机怎么选', '猫爬架多高'] },
    shop: { baseUrl: 'https://pets.example' },
    campaigns: [{ id: 'fountain', keywords: [['饮水机']], greeting: '想给毛孩子换台饮水机？{pf-200.name} 只要 {pf-200.price} 元', productIds: ['pf-200'] }],
    offers: [{ id: 'flash', type: 'coupon', code: 'PET10', title: '限时券', discount: { type: 'percent', value: 10 }, validHours: 24 }],
    rules: [
      { id: 'share', slot: 'reply', priority: 40, promotional: false, when: { keywords: ['推广链接'] }, then: { referralLink: true, text: '这是您的专属推广链接：{link}' } },
      { id: 'hesitation', slot: 'reply', priority: 20, when: { hesitation: true }, then: { offer: 'flash', text: '{title}：{discount}，券码 {code}' } },
    ],
    handoff: { contacts: [{ label: '客服电话', href: 'tel:400-800-1234' }] },
  },
  'config.json',
)

export interface ChannelEdgeOptions {
  channels?: Omit<ChannelDeps, 'visitors'>
  deps?: Partial<AppDeps>
  now?: () => number
}

/** The app with channels on, over one in-memory database; its store and channel visitors for checks. */
export async function channelEdge(o: ChannelEdgeOptions = {}) {
  const driver = libsqlDriver(await openLibsqlClient(MEMORY))
  const store = new SqlEventStore(driver)
  const visitors = new ChannelVisitors(driver, o.now)
  const app = testApp({ catalog: petCatalog, config: petConfig, model: petOffline, offline: petOffline, store, channels: { visitors, ...o.channels }, ...(o.now && { now: o.now }), ...o.deps })
  return { app, store, visitors }
}
