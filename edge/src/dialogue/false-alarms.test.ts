// Calm product questions on a shop of another trade (small appliances) must never read as upset,
// after-sales or a request for a person, whatever words they contain: upper-case terms and units,
// 换/坏/多久/门槛/担心. And the real cases still route: a broken item bought, an insult, "转人工".
import { describe, expect, it } from 'vitest'
import { Catalog } from '../knowledge/catalog.ts'
import { validateProducts } from '../knowledge/validate-products.ts'
import { parseSiteConfig } from '../site-config.ts'
import { converse, testApp } from '../testing.ts'

const catalog = new Catalog(validateProducts([
  { id: 'ap-300', name: '净风 AP-300 空气净化器', price: 1299, category: '空气净化器',
    attributes: { CADR: '300m³/h', 适用面积: '20-36㎡', 滤芯寿命: '6-12个月', 噪音: '≤32dB', 滤网: 'H13级HEPA', 'Wi-Fi': '支持' },
    faq: [{ q: '滤网可以水洗吗', a: '初效滤网可以水洗，HEPA滤网不能水洗，需要更换。' }], stock: 20 },
  { id: 'rv-9', name: '扫宝 RV-9 扫地机器人', price: 2499, category: '扫地机器人',
    attributes: { 越障高度: '2cm', 续航: '180分钟', 尘盒容量: '400mL', 导航: 'LDS激光导航' },
    faq: [{ q: '会不会撞坏家具', a: '有防撞条和激光避障，一般不会撞坏家具。' }], stock: 8 },
  { id: 'rug-s', name: '云朵 可机洗地毯 160×230', price: 399, category: '地毯',
    attributes: { 尺寸: '160×230cm', 材质: '超细纤维', 厚度: '1.5cm' },
    faq: [{ q: '可以机洗吗', a: '可以，放洗衣机轻柔档，30℃以下水温。' }], stock: 50 },
  { id: 'hl-1', name: 'Lumo HL-1 LED Headlamp', price: 129, category: '头灯',
    attributes: { Brightness: '400 lm', 'Waterproof rating': 'IPX4', Charging: 'USB-C', 'Battery life': '40 h on low' },
    faq: [{ q: 'Can I replace the battery?', a: 'The battery is built in and charges over USB-C; it cannot be swapped.' }], stock: 30 },
], 'appliances.json').products)
const config = parseSiteConfig({ brand: { name: '净风家电' }, persona: { name: '小风', style: '简洁' }, greeting: { text: '你好' } }, 'config.json')
const app = testApp({ catalog, config })

const CALM: [string[], string?][] = [
  [['AP-300用的是HEPA滤网吗？CADR多少'], '300m³/h'],
  [['AP-300的CADR是多少'], '300m³/h'],
  [['AP-300滤网多久换一次'], '6-12个月'],
  [['AP-300滤网坏了能换吗']],
  [['AP-300能连WIFI吗'], '支持'],
  [['担心晚上吵，AP-300噪音大吗'], '32dB'],
  [['AP-300滤网可以水洗吗'], '初效滤网'],
  [['AP-300适合多大的房间'], '20-36㎡'],
  [['RV-9能过多高的门槛'], '2cm'],
  [['RV-9能爬门槛不'], '2cm'],
  [['RV-9会不会撞坏家具'], '防撞条'],
  [['RV-9续航多久'], '180分钟'],
  [['RV-9是LDS激光导航吗'], 'LDS'],
  [['介绍一下扫宝扫地机器人', '它的尘盒多大'], '400mL'],
  [['地毯能不能机洗'], '洗衣机'],
  [['云朵地毯一对还是一张'], undefined],
  [['地毯多厚'], '1.5cm'],
  [['地毯坏了怎么办，好打理吗']],
  [['Is the HL-1 waterproof? IPX4?'], 'IPX4'],
  [['Does the HL-1 charge by USB-C?'], 'USB-C'],
  [['How bright is the HL-1 LED headlamp?'], '400 lm'],
  [['Tell me about the Lumo headlamp', 'Can I replace the battery?'], 'built in'],
  [['HL-1 LED BATTERY LIFE?'], '40 h'],
  [['How long does the HL-1 battery last?'], '40 h'],
  [['AP-300 vs RV-9 哪个更值得买']],
]

describe('calm product questions on another trade are never upset, after-sales or a handoff', () => {
  it.each(CALM)('%j', async (turns, fact) => {
    const { meta, cards, text } = await converse(app, turns)
    expect(meta.intent).not.toMatch(/complaint|aftersales|human/)
    expect(meta.sentiment).not.toMatch(/negative|angry/)
    expect(meta.topic ?? '').not.toMatch(/handoff|return|warranty|aftersales/)
    expect(cards.some((c) => c.type === 'handoff' || c.type === 'ticket')).toBe(false)
    expect(text).not.toMatch(/订单号|order number|抱歉|sorry|人工客服来处理/i)
    if (fact) expect(text).toContain(fact)
  })
})

describe('the real cases still route', () => {
  it('a broken item bought goes to after-sales, an insult is angry, a person is a handoff', async () => {
    expect((await converse(app, ['我买的AP-300坏了，要换货'])).meta.topic).toMatch(/^return/)
    expect((await converse(app, ['你们这什么破东西！！！'])).meta.sentiment).toBe('angry')
    expect((await converse(app, ['转人工'])).meta.topic).toMatch(/^handoff/)
    expect((await converse(app, ['AP-300还在保修期吗？订单号 202311150123，2026年3月2日买的'])).meta.topic).toMatch(/^warranty/)
  })
})
