// A deterministic synthetic catalog of realistic zh/en products, for the retrieval benchmark
// (the customer's store has 230,000 product nodes). Same seed, same catalog, on every machine.
import type { ProductInput } from '../shared/catalog.ts'
import { seededRandom } from '../shared/seeded-random.ts'

interface Family {
  category: string
  en: string
  nouns: string[]
  tags: string[]
  attributes: Record<string, string[]>
  price: [number, number]
}

const FAMILIES: Family[] = [
  { category: '手机', en: 'phone', nouns: ['智能手机', '5G手机', '拍照手机', '游戏手机'], tags: ['5G', '拍照', '大屏', '轻薄', '快充'],
    attributes: { 颜色: ['紫色', '黑色', '白色', '蓝色', '绿色'], 内存: ['8GB+128GB', '8GB+256GB', '12GB+256GB', '12GB+512GB', '16GB+1TB'], 屏幕: ['6.1英寸', '6.4英寸', '6.7英寸', '6.8英寸'], 电池: ['4500mAh', '5000mAh', '5500mAh'], 重量: ['168g', '176g', '189g', '198g', '215g'] }, price: [899, 8999] },
  { category: '儿童手表', en: 'kids watch', nouns: ['儿童智能手表', '电话手表', '定位手表'], tags: ['儿童', '定位', '防水', '视频通话'],
    attributes: { 颜色: ['粉色', '蓝色', '黄色', '紫色'], 定位: ['四重定位', '六重定位', '九重定位'], 防水指数: ['IP67', 'IP68'], 重量: ['32g', '35g', '38g', '45g'], 续航: ['2天', '3天', '4天'] }, price: [299, 1599] },
  { category: '护肤', en: 'skincare', nouns: ['洁面乳', '爽肤水', '精华液', '保湿面霜', '防晒霜', '面膜'], tags: ['油皮', '干皮', '敏感肌', '保湿', '控油', '美白'],
    attributes: { 肤质: ['油性', '干性', '混合性', '敏感'], 容量: ['30ml', '50ml', '100ml', '120g', '200ml'], 功效: ['控油', '保湿', '修护', '提亮', '防晒'] }, price: [39, 899] },
  { category: '彩妆', en: 'makeup', nouns: ['口红', '腮红', '粉底液', '眼影盘', '唇釉'], tags: ['显白', '持久', '哑光', '滋润', '礼物'],
    attributes: { 色系: ['红棕色系', '正红色系', '粉色系', '橘色系', '裸色系'], 质地: ['丝绒哑光', '水润', '柔雾', '珠光'], 净含量: ['3.5g', '5g', '30ml'] }, price: [59, 599] },
  { category: '腕表', en: 'watch', nouns: ['机械腕表', '石英腕表', '运动智能腕表', '情侣对表'], tags: ['礼物', '商务', '简约', '运动', '男士', '女士'],
    attributes: { 风格: ['简约', '商务', '运动', '复古', '时尚'], 机芯: ['自动机械', '石英', '智能'], 表径: ['30mm', '36mm', '40mm', '42mm'], 防水指数: ['30米', '50米', '100米', '5ATM'] }, price: [399, 29999] },
  { category: '耳机', en: 'earbuds', nouns: ['降噪耳机', '蓝牙耳机', '头戴式耳机', '运动耳机'], tags: ['降噪', '蓝牙', '运动', '长续航'],
    attributes: { 颜色: ['白色', '黑色', '蓝色'], 续航: ['6小时', '8小时', '10小时', '30小时'], 降噪: ['主动降噪', '通话降噪'], 防水指数: ['IPX4', 'IPX5', 'IP54'] }, price: [99, 2999] },
  { category: '户外', en: 'outdoor', nouns: ['帐篷', '睡袋', '登山包', '冲锋衣', '露营灯'], tags: ['轻量', '防水', '双人', '户外', '露营'],
    attributes: { 重量: ['0.8kg', '1.2kg', '1.6kg', '2.5kg'], 适用人数: ['单人', '双人', '三人', '四人'], 防水指数: ['2000mm', '3000mm', '5000mm'], 颜色: ['军绿色', '橙色', '灰色'] }, price: [79, 3999] },
  { category: '家电', en: 'appliance', nouns: ['空气炸锅', '扫地机器人', '电饭煲', '吸尘器', '净水器'], tags: ['智能', '家用', '静音', '节能'],
    attributes: { 功率: ['800W', '1200W', '1500W', '2000W'], 容量: ['3L', '4.5L', '5L', '6L'], 颜色: ['白色', '黑色', '灰色'], 噪音: ['45dB', '55dB', '65dB'] }, price: [199, 5999] },
]

const BRANDS = ['慧科', '慧童', '慧颜', 'Aurora', '星河', '北辰', 'Nova', '青禾', '云岭', 'Lumi', '山海', 'Orbit']
const LINE = ['Pro', 'Max', 'Lite', 'Air', 'Plus', 'Mini', 'Ultra', 'S', 'SE', '青春版']
const EN_ADJ = ['light', 'waterproof', 'premium', 'compact', 'classic', 'smart', 'quiet', 'long-lasting']

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!

export function syntheticCatalog(count: number, seed = 230_000): ProductInput[] {
  const r = seededRandom(seed)
  const out: ProductInput[] = []
  for (let i = 0; i < count; i++) {
    const f = pick(r, FAMILIES)
    const brand = pick(r, BRANDS)
    const model = `${String.fromCharCode(65 + Math.floor(r() * 26))}${1 + Math.floor(r() * 99)}`
    const noun = pick(r, f.nouns)
    const line = r() < 0.5 ? ` ${pick(r, LINE)}` : ''
    const attributes: Record<string, string | string[]> = {}
    for (const [key, values] of Object.entries(f.attributes)) {
      if (r() < 0.15) continue
      attributes[key] = key === '颜色' || key === '内存' ? [pick(r, values), pick(r, values)].filter((v, j, a) => a.indexOf(v) === j) : pick(r, values)
    }
    const tags = [pick(r, f.tags), pick(r, f.tags)].filter((v, j, a) => a.indexOf(v) === j)
    const price = Math.round(f.price[0] + (f.price[1] - f.price[0]) * r() ** 2)
    out.push({
      id: `p${i}`,
      name: `${brand} ${model}${line} ${noun}`,
      price,
      currency: 'CNY',
      category: f.category,
      brand,
      url: `/p/p${i}.html`,
      image: `/img/p${i}.jpg`,
      description: `${brand}${noun}，${tags.join('、')}。A ${pick(r, EN_ADJ)} ${f.en} by ${brand}.`,
      attributes,
      faq: r() < 0.2 ? [{ q: '保修多久', a: `${brand}官方保修${pick(r, ['12', '24'])}个月。` }] : [],
      tags,
      stock: Math.floor(r() * 500),
    })
  }
  return out
}
