// The vocabulary the edge understands questions with: the built-in table (default-vocabulary.ts)
// merged with the site config's `knowledge` section, compiled once per config into matchers.
// Data, not code, so a site teaches the assistant "机芯" or "表径" in its config file.
import type { AttributeSynonyms, KnowledgeConfig, LocalizedText, SiteConfig } from '../../../shared/config.ts'
import { localized } from '../../../shared/config.ts'
import type { Lang } from '../../../shared/protocol.ts'
import { DEFAULT_ATTRIBUTES, DEFAULT_TERMS } from './default-vocabulary.ts'
import { escapeRegExp } from './text.ts'

export interface AttributeEntry {
  /** The catalog key first, then the other keys that answer the same question; or `price` / `stock`. */
  keys: string[]
  label: Record<Lang, string>
  /** Quick-reply templates with `{name}`; absent: the attribute is never suggested. */
  ask?: Record<Lang, string>
  pattern: RegExp
}

export interface TermEntry {
  /** The catalog's own word (category or tag), then the visitors' words for it. */
  words: string[]
  pattern: RegExp
}

export interface WordHit<T> {
  entry: T
  start: number
  end: number
}

const isLatin = (word: string) => /^[\p{Script=Latin}0-9 '’\-]+$/u.test(word)

/**
 * One regex for a list of words, longest first. Latin words match whole words only ("ram" is not in
 * "program") and also in the plural; Chinese words match anywhere, as Chinese has no spaces.
 */
export function wordsPattern(words: readonly string[]): RegExp {
  const sorted = [...new Set(words.map((w) => w.trim()).filter(Boolean))].sort((a, b) => b.length - a.length)
  const alternatives = sorted.map((word) => {
    const body = word.split(/\s+/).map(escapeRegExp).join('\\s*')
    if (!isLatin(word)) return body
    const plural = /[a-z]$/i.test(word) ? '(?:e?s)?' : ''
    return `(?<![\\p{Script=Latin}0-9])${body}${plural}(?![\\p{Script=Latin}0-9])`
  })
  return new RegExp(alternatives.join('|') || '(?!)', 'giu')
}

/**
 * Every match of `pattern` (global, as wordsPattern makes them) in `text`, as spans. A loop of exec
 * on the pattern itself: `matchAll` copies the RegExp on every call, which made this 20× slower, and
 * it runs for every vocabulary entry and flow option on every chat turn.
 */
export function hitsOf<T>(entry: T, pattern: RegExp, text: string): WordHit<T>[] {
  const hits: WordHit<T>[] = []
  pattern.lastIndex = 0
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    hits.push({ entry, start: m.index, end: m.index + m[0].length })
    if (!pattern.global) break
    if (m[0] === '') pattern.lastIndex++ // an empty match would be found again at the same place
  }
  pattern.lastIndex = 0
  return hits
}

/** Keeps the longest of overlapping hits (then the earliest), so "儿童手表" is not also "手表". */
export function longestHits<T>(hits: readonly WordHit<T>[]): WordHit<T>[] {
  const byLength = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  const kept: WordHit<T>[] = []
  for (const hit of byLength) if (!kept.some((k) => k.start < hit.end && hit.start < k.end)) kept.push(hit)
  return kept.sort((a, b) => a.start - b.start)
}

function both(text: LocalizedText | undefined, fallback: string): Record<Lang, string> {
  return text === undefined ? { 'zh-CN': fallback, en: fallback } : { 'zh-CN': localized(text, 'zh-CN'), en: localized(text, 'en') }
}

function mergeBy<T>(defaults: readonly T[], own: readonly T[], id: (t: T) => string): T[] {
  const merged = new Map(defaults.map((d) => [id(d), d]))
  for (const entry of own) merged.set(id(entry), entry) // the site's entry replaces the built-in one
  return [...merged.values()]
}

export class Vocabulary {
  readonly attributes: AttributeEntry[]
  readonly terms: TermEntry[]

  constructor(config: Partial<KnowledgeConfig> = {}) {
    const attributes = mergeBy<Omit<AttributeSynonyms, 'also'> & { also?: string[] }>(DEFAULT_ATTRIBUTES, config.attributes ?? [], (a) => a.key)
    this.attributes = attributes.map((a) => ({
      keys: [a.key, ...(a.also ?? [])],
      label: both(a.label, a.key),
      ...(a.ask !== undefined && { ask: both(a.ask, '') }),
      pattern: wordsPattern([...a.synonyms, ...(a.key === 'price' || a.key === 'stock' ? [] : [a.key])]),
    }))
    this.terms = mergeBy(DEFAULT_TERMS, config.terms ?? [], (t) => t.term).map((t) => ({
      words: [t.term, ...t.synonyms],
      pattern: wordsPattern([t.term, ...t.synonyms]),
    }))
  }

  /** The vocabulary of a site config, compiled once per config object. */
  static of(config: SiteConfig): Vocabulary {
    let vocabulary = cache.get(config)
    if (!vocabulary) cache.set(config, (vocabulary = new Vocabulary(config.knowledge)))
    return vocabulary
  }

  /** The attributes a text asks for, as spans (overlaps kept: "多少克" may be weight or size). */
  attributeHits(text: string): WordHit<AttributeEntry>[] {
    return this.attributes.flatMap((entry) => hitsOf(entry, entry.pattern, text)).sort((a, b) => a.start - b.start)
  }

  entry(key: string): AttributeEntry | undefined {
    return this.attributes.find((a) => a.keys[0] === key) ?? this.attributes.find((a) => a.keys.includes(key))
  }

  /** How a catalog key reads to the visitor: the table's English label for English, else the key. */
  label(key: string, lang: Lang): string {
    const entry = this.attributes.find((a) => a.keys[0] === key)
    return lang === 'en' && entry ? entry.label.en : key
  }

  /** A quick reply asking for `entry` about the product called `name`. */
  ask(entry: AttributeEntry, name: string, lang: Lang): string | undefined {
    return entry.ask?.[lang].replaceAll('{name}', name)
  }
}

const cache = new WeakMap<SiteConfig, Vocabulary>()

/** The built-in vocabulary, for callers without a site config (tests, the offline fallback). */
export const DEFAULT_VOCABULARY = new Vocabulary()
