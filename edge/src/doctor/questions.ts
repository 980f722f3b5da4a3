// The doctor's self-test questions for one product, from the phrasing table (phrasings.ts): for
// each attribute up to four (by name, by model code, "它…" after a turn naming the product, and one
// in English), for each FAQ entry the question as written (on the product's page) and up to two
// rephrasings (by name, and as a follow-up). Which phrasing of a kind is used rotates with the
// product, so a catalog exercises all of them without asking every one of every product.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import { distinctivePart, expectedOf, type Expected } from './check.ts'
import { fill, introduce, kindOf, PRONOUN, rephrase } from './phrasings.ts'

export type Way = 'name' | 'code' | 'pronoun' | 'english' | 'faq' | 'faq-rephrased' | 'faq-follow-up'

export const WAYS: Record<Way, string> = {
  name: 'by name',
  code: 'by model code',
  pronoun: '它… after naming it',
  english: 'in English',
  faq: 'FAQ as written',
  'faq-rephrased': 'FAQ rephrased, by name',
  'faq-follow-up': 'FAQ rephrased, as a follow-up',
}

export type Target = { type: 'attribute'; key: string; kind: string; expected: Expected } | { type: 'faq'; index: number; q: string; part: string }

export interface Probe {
  product: Product
  target: Target
  way: Way
  lang: Lang
  /** A first turn naming the product ("介绍一下X"): asked first, its answer kept as history. */
  intro?: string
  question: string
  /** The visitor is on the product's page (an FAQ question as written names no product). */
  onPage?: boolean
}

const hasValue = (value: Product['attributes'][string]) =>
  typeof value === 'boolean' || typeof value === 'number' || (Array.isArray(value) ? value.some((v) => String(v).trim()) : value.trim() !== '')

/**
 * @param seed rotates the phrasings (the product's position in the catalog).
 * @param code the product's model code, when it has an unambiguous one (phrasings.modelCodes).
 */
export function probesFor(product: Product, seed: number, code?: string): Probe[] {
  const probes: Probe[] = []
  const { name } = product
  Object.entries(product.attributes).forEach(([key, value], a) => {
    if (!hasValue(value)) return
    const kind = kindOf(key, value)
    const target: Target = { type: 'attribute', key, kind: kind.id, expected: expectedOf(value) }
    const turn = seed + a
    const zh = (i: number, subject: string) => fill(kind.zh[(turn + i) % kind.zh.length]!, subject, key, 'zh-CN')!
    // Four at most (fewer without a model code): what keeps 1,000 products under a minute.
    const add = (way: Way, lang: Lang, question: string | undefined, intro?: string) => {
      if (question) probes.push({ product, target, way, lang, question, ...(intro && { intro }) })
    }
    add('name', 'zh-CN', zh(0, name))
    if (code) add('code', 'zh-CN', zh(1, code))
    add('pronoun', 'zh-CN', zh(2, PRONOUN['zh-CN']), introduce(name, 'zh-CN'))
    // English: the first template that doesn't ask an English visitor for a Chinese key.
    const en = kind.en.map((_, i) => kind.en[(turn + i) % kind.en.length]!).map((t) => fill(t, code ?? name, key, 'en')).find(Boolean)
    add('english', 'en', en)
  })
  product.faq.forEach((entry, index) => {
    if (!entry.q.trim() || !entry.a.trim()) return
    const part = distinctivePart(entry.a, product.faq.filter((_, i) => i !== index).map((f) => f.a))
    const target: Target = { type: 'faq', index, q: entry.q, part }
    const lang: Lang = /\p{Script=Han}/u.test(entry.q) ? 'zh-CN' : 'en'
    probes.push({ product, target, way: 'faq', lang, question: entry.q, onPage: true })
    const [first, second] = rephrase(entry.q)
    if (first) probes.push({ product, target, way: 'faq-rephrased', lang, question: lang === 'en' ? `About ${code ?? name}: ${first}` : `${name}，${first}` })
    if (second) probes.push({ product, target, way: 'faq-follow-up', lang, question: second, intro: introduce(name, lang) })
  })
  return probes
}
