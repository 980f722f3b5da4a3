// The doctor tests' shop: a pet-supplies store (no trade the demo or the eval shops cover), as CSV
// and as JSONL with a few broken records, and a generator for big catalogs of the same trade.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ProductInput } from '../../../shared/catalog.ts'

export const PET_PRODUCTS: ProductInput[] = [
  {
    id: 'feeder-f3',
    name: '萌爪 F3 智能喂食器',
    price: 399,
    category: '喂食器',
    tags: ['猫', '狗', '智能'],
    description: '定时定量自动喂食，手机远程查看。',
    attributes: { 净重: '1.8kg', 容量: '4L', 功率: '5W', 颜色: ['奶白', '雾蓝'], 自动喂食: true, 保修: '1年' },
    faq: [
      { q: '可以设置几餐', a: '每天最多设置10餐，每餐1到12份。' },
      { q: '断电了还能喂吗', a: '支持电池备用供电，断电后还能继续喂食约72小时。' },
    ],
    stock: 40,
  },
  {
    id: 'fountain-w2',
    name: '萌爪 W2 宠物饮水机',
    price: 299,
    category: '饮水机',
    tags: ['猫', '饮水'],
    attributes: { 容量: '2.5L', 功率: '2W', 滤芯寿命: '30天', 颜色: ['白色'], 材质: '食品级PP' },
    faq: [{ q: '滤芯多久换一次', a: '建议每30天更换一次滤芯，水质更干净。' }],
    stock: 120,
  },
  {
    id: 'dryer-d5',
    name: '萌爪 D5 宠物烘干箱',
    price: 1299,
    category: '烘干箱',
    tags: ['猫', '小型犬', '洗护'],
    attributes: { 烘干温度: '35-45℃', 尺寸: '60×50×58cm', 净重: '9.6kg', 功率: '1000W' },
    stock: 8,
  },
  {
    id: 'bed-b1',
    name: '萌爪 B1 四季猫窝',
    price: 159,
    category: '猫窝',
    tags: ['猫', '四季'],
    attributes: { 材质: '棉麻', 尺寸: '50×40cm', 可机洗: true, 颜色: ['灰色', '卡其'] },
    stock: 60,
  },
  {
    id: 'leash-l2',
    name: '萌爪 L2 自动伸缩牵引绳',
    price: 89,
    category: '牵引绳',
    tags: ['狗', '出行'],
    attributes: { 长度: '5米', 净重: '260g', 颜色: ['黑色', '橙色'] },
    stock: 200,
  },
]

const csvCell = (value: unknown): string => {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The shop as CSV: attributes one column each, lists with `|`, booleans 是/否, FAQ as a JSON cell. */
export function petCsv(products: readonly ProductInput[] = PET_PRODUCTS, extraRows: readonly string[] = []): string {
  const keys = [...new Set(products.flatMap((p) => Object.keys(p.attributes ?? {})))]
  const header = ['id', 'name', 'price', 'category', 'tags', 'description', ...keys.map((k) => `attributes.${k}`), 'faq', 'stock']
  const rows = products.map((p) =>
    [
      p.id,
      p.name,
      p.price,
      p.category,
      p.tags?.join('|'),
      p.description,
      ...keys.map((k) => {
        const v = p.attributes?.[k]
        return Array.isArray(v) ? v.join('|') : typeof v === 'boolean' ? (v ? '是' : '否') : v
      }),
      p.faq?.length ? JSON.stringify(p.faq) : undefined,
      p.stock,
    ]
      .map(csvCell)
      .join(','),
  )
  return [header.join(','), ...rows, ...extraRows].join('\n') + '\n'
}

/** The header's width, for hand-written bad rows. */
export const petCsvColumns = (products: readonly ProductInput[] = PET_PRODUCTS) =>
  6 + new Set(products.flatMap((p) => Object.keys(p.attributes ?? {}))).size + 2

export function petJsonl(products: readonly ProductInput[] = PET_PRODUCTS, extraLines: readonly string[] = []): string {
  return [...products.map((p) => JSON.stringify(p)), ...extraLines].join('\n') + '\n'
}

const KINDS = ['智能喂食器', '宠物饮水机', '猫砂盆', '宠物烘干箱', '鱼缸加热棒', '伸缩牵引绳', '宠物航空箱', '猫爬架']
const COLOURS = ['奶白', '雾蓝', '樱花粉', '石墨灰']

/** `count` products of the same trade, each with a model code, nine attributes and two FAQ entries. */
export function generatedPetCatalog(count: number): ProductInput[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = KINDS[i % KINDS.length]!
    const code = `P${String.fromCharCode(65 + (i % 26))}-${1000 + i}`
    return {
      id: `pet-${i}`,
      name: `萌爪 ${code} ${kind}`,
      price: 99 + (i % 50) * 10,
      category: kind,
      tags: ['宠物'],
      description: `${kind}，适合家庭使用。`,
      attributes: {
        净重: `${(1 + (i % 40) / 10).toFixed(1)}kg`,
        容量: `${1 + (i % 5)}L`,
        功率: `${5 + (i % 30)}W`,
        尺寸: `${30 + (i % 20)}×${20 + (i % 10)}×${15 + (i % 7)}cm`,
        颜色: [COLOURS[i % 4]!, COLOURS[(i + 1) % 4]!],
        材质: i % 2 ? 'ABS' : '食品级PP',
        静音: i % 3 !== 0,
        保修: `${1 + (i % 2)}年`,
        滤芯寿命: `${1 + (i % 3)}个月`,
      },
      faq: [
        { q: '可以用App控制吗', a: `支持，下载萌爪App后可远程查看，设备编号${code}。` },
        { q: '噪音大吗', a: `运行噪音约${25 + (i % 10)}分贝，夜里几乎听不到。` },
      ],
      stock: 10 + i,
    }
  })
}

/** A fresh temporary folder with these files written into it; returns their paths by name. */
export function tempFiles(files: Record<string, string>): Record<string, string> & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'huike-doctor-'))
  const paths: Record<string, string> = {}
  for (const [name, text] of Object.entries(files)) writeFileSync((paths[name] = join(dir, name)), text)
  return Object.assign(paths, { dir })
}
