// A shop owner's check before launch (`npm run doctor -- --catalog FILE [--config FILE] [--json]`):
// the catalog loaded as the edge loads it, its bad records with their lines, the attribute keys and
// how many products carry each, and a self-test made from the catalog itself (self-test.ts): how
// often the offline answer to a visitor's question carries the fact, per key, per kind of asking,
// and the questions it missed. It is a report: the shop decides what to fix.
import type { Product } from '../../../shared/catalog.ts'
import type { SiteConfig } from '../../../shared/config.ts'
import { readCatalogFile, readConfigFile } from '../catalog-file.ts'
import { Catalog } from '../knowledge/catalog.ts'
import { Vocabulary } from '../knowledge/synonyms.ts'
import { parseSiteConfig } from '../site-config.ts'
import { describeExpected } from './check.ts'
import { FACT_KINDS, kindOf } from './phrasings.ts'
import { WAYS, type Way } from './questions.ts'
import { runSelfTest, type ProbeResult, type SelfTestOptions } from './self-test.ts'

/** What a shop has before it writes a config: the fields the schema requires, nothing else. */
export const MINIMAL_CONFIG = {
  brand: { name: 'Shop' },
  persona: { name: '客服', style: '亲切、简洁，只根据商品资料回答。' },
  greeting: { text: '您好，请问有什么可以帮您？' },
}

export interface Score {
  passed: number
  total: number
  /** passed / total, 0–1 (3 decimals); null when nothing was asked. */
  rate: number | null
}

export interface BadRecord {
  /** As the loader wrote it: `catalog.csv:17` or `catalog.json[3]`. */
  at: string
  line?: number
  index?: number
  message: string
}

export interface KeyReport {
  key: string
  /** Products that carry the key. */
  products: number
  /** The kind of fact it was asked as (most of its products'). */
  kind: string
  /** The config's or the built-in vocabulary has an entry for this key. */
  vocabulary: boolean
  coverage: Score
}

export interface Failure {
  productId: string
  /** The attribute key, or `faq`. */
  key: string
  way: Way
  question: string
  /** The first turn, for a follow-up. */
  after?: string
  expected: string
  /** The answer's first 80 characters. */
  answer: string
}

export interface VocabularyHint {
  key: string
  coverage: Score
  /** A `knowledge.attributes` entry to start from. */
  entry: { key: string; synonyms: string[] }
}

export interface DoctorReport {
  catalog: string
  config: string | null
  /** The catalog file's encoding, when the loader reports it. */
  encoding?: string
  /** The config loader's note (a config not in UTF-8). */
  configNotes: string[]
  products: number
  /** Reading and parsing the files, when the caller timed it. */
  loadMs?: number
  badRecords: BadRecord[]
  attributes: KeyReport[]
  selfTest: {
    questions: number
    turns: number
    elapsedMs: number
    overall: Score
    attributes: Score
    faq: Score
    byWay: (Score & { way: Way; label: string })[]
    byKind: (Score & { kind: string })[]
    failuresTotal: number
    failures: Failure[]
  }
  hints: VocabularyHint[]
}

/** What a loader gives: products, the skipped records' lines, maybe the encoding. */
export interface LoadedCatalog {
  products: Product[]
  errors: string[]
  encoding?: string
}

export interface DoctorOptions extends SelfTestOptions {
  /** Failing questions kept in the report (default 20). */
  limit?: number
  catalogPath: string
  configPath?: string
  configNotes?: string[]
}

export const DEFAULT_LIMIT = 20
/** Keys answered less often than this get a vocabulary hint. */
export const HINT_BELOW = 0.8

/** Reads both files as the edge does; throws StartupError / ConfigError with a message naming the path. */
export async function loadFiles(catalogPath: string, configPath?: string): Promise<{ loaded: LoadedCatalog; config: SiteConfig; configNotes: string[] }> {
  const configNotes: string[] = []
  const config = configPath ? await readConfigFile(configPath, (m) => configNotes.push(m)) : parseSiteConfig(MINIMAL_CONFIG, 'minimal config')
  const decoded = await readCatalogFile(catalogPath)
  // Older loaders had no `encoding`: print it when there is one.
  const { encoding } = decoded as { encoding?: unknown }
  return { loaded: { products: decoded.products, errors: decoded.errors, ...(typeof encoding === 'string' && { encoding }) }, config, configNotes }
}

export function score(passed: number, total: number): Score {
  return { passed, total, rate: total ? Math.round((passed / total) * 1000) / 1000 : null }
}

function tally(results: readonly ProbeResult[]): Score {
  return score(results.filter((r) => r.passed).length, results.length)
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/** `catalog.csv:17: price must be…` → where and what. */
export function parseBadRecord(error: string): BadRecord {
  const m = /^(.*?(?::(\d+)|\[(\d+)\])): ([\s\S]*)$/.exec(error)
  if (!m) return { at: '', message: error }
  return { at: m[1]!, ...(m[2] && { line: Number(m[2]) }), ...(m[3] && { index: Number(m[3]) }), message: m[4]! }
}

const keyOf = (r: ProbeResult) => (r.probe.target.type === 'attribute' ? r.probe.target.key : 'faq')

/** The loaded catalog, checked: see the file comment. */
export function diagnose(loaded: LoadedCatalog, config: SiteConfig, options: DoctorOptions): DoctorReport {
  const catalog = new Catalog(loaded.products)
  const vocabulary = Vocabulary.of(config)
  const run = runSelfTest(catalog, config, options)
  const attributeResults = run.results.filter((r) => r.probe.target.type === 'attribute')
  const faqResults = run.results.filter((r) => r.probe.target.type === 'faq')
  const byKey = groupBy(attributeResults, keyOf)

  // Keys: how many products carry each, and what kind most of them were asked as.
  const carriers = new Map<string, { products: number; kinds: Map<string, number> }>()
  for (const p of loaded.products) {
    for (const [key, value] of Object.entries(p.attributes)) {
      const entry = carriers.get(key) ?? { products: 0, kinds: new Map<string, number>() }
      entry.products++
      const kind = kindOf(key, value).id
      entry.kinds.set(kind, (entry.kinds.get(kind) ?? 0) + 1)
      carriers.set(key, entry)
    }
  }
  const attributes: KeyReport[] = [...carriers]
    .map(([key, { products, kinds }]) => ({
      key,
      products,
      kind: [...kinds].sort((a, b) => b[1] - a[1])[0]![0],
      vocabulary: vocabulary.entry(key) !== undefined,
      coverage: tally(byKey.get(key) ?? []),
    }))
    .sort((a, b) => b.products - a.products || a.key.localeCompare(b.key))

  const failed = run.results.filter((r) => !r.passed)
  const limit = options.limit ?? DEFAULT_LIMIT
  const kindOrder = FACT_KINDS.map((k) => k.id)
  return {
    catalog: options.catalogPath,
    config: options.configPath ?? null,
    ...(loaded.encoding && { encoding: loaded.encoding }),
    configNotes: options.configNotes ?? [],
    products: loaded.products.length,
    badRecords: loaded.errors.map(parseBadRecord),
    attributes,
    selfTest: {
      questions: run.results.length,
      turns: run.turns,
      elapsedMs: Math.round(run.elapsedMs),
      overall: tally(run.results),
      attributes: tally(attributeResults),
      faq: tally(faqResults),
      byWay: (Object.keys(WAYS) as Way[])
        .map((way) => ({ way, label: WAYS[way], ...tally(run.results.filter((r) => r.probe.way === way)) }))
        .filter((w) => w.total > 0),
      byKind: [...groupBy(attributeResults, (r) => (r.probe.target.type === 'attribute' ? r.probe.target.kind : ''))]
        .map(([kind, results]) => ({ kind, ...tally(results) }))
        .sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind)),
      failuresTotal: failed.length,
      failures: spread(failed, attributes).slice(0, limit).map(failure),
    },
    hints: attributes
      .filter((a) => a.coverage.rate !== null && a.coverage.rate < HINT_BELOW)
      .map((a) => ({ key: a.key, coverage: a.coverage, entry: { key: a.key, synonyms: suggestedSynonyms(a.key, a.kind, vocabulary) } })),
  }
}

/**
 * Failures round-robin over keys, the least covered key first (FAQ last), so the first twenty show
 * twenty problems rather than one key's twenty products.
 */
function spread(failed: readonly ProbeResult[], keys: readonly KeyReport[]): ProbeResult[] {
  const rate = new Map(keys.map((k) => [k.key, k.coverage.rate ?? 1]))
  const groups = [...groupBy(failed, keyOf)].sort((a, b) => (a[0] === 'faq' ? 1 : b[0] === 'faq' ? -1 : (rate.get(a[0]) ?? 1) - (rate.get(b[0]) ?? 1)))
  const out: ProbeResult[] = []
  for (let i = 0; out.length < failed.length; i++) for (const [, list] of groups) if (list[i]) out.push(list[i]!)
  return out
}

function failure(r: ProbeResult): Failure {
  const { probe } = r
  const { target } = probe
  return {
    productId: probe.product.id,
    key: keyOf(r),
    way: probe.way,
    question: probe.question,
    ...(probe.intro && { after: probe.intro }),
    expected: target.type === 'faq' ? target.part : describeExpected(target.expected),
    answer: [...r.answer.replace(/\s+/g, ' ').trim()].slice(0, 80).join(''),
  }
}

/** The key and its kind's words, less those the vocabulary already gives another key ("尺寸" for 屏幕). */
function suggestedSynonyms(key: string, kind: string, vocabulary: Vocabulary): string[] {
  const words = (FACT_KINDS.find((k) => k.id === kind)?.words ?? []).map((w) => w.replaceAll('{k}', key))
  const taken = (word: string) => vocabulary.attributeHits(word).some((hit) => !hit.entry.keys.includes(key))
  return [...new Set([key, ...words.filter((w) => !taken(w))])]
}

// ---------- text ----------

/** Columns of CJK text line up: a Han or full-width character takes two. */
function width(text: string): number {
  let w = 0
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1
  return w
}
const pad = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)))
const padStart = (text: string, to: number) => ' '.repeat(Math.max(0, to - width(text))) + text

export function percent(s: Score): string {
  return s.rate === null ? '—' : `${(s.rate * 100).toFixed(1)} %`
}
const fraction = (s: Score) => `${s.passed}/${s.total}`
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export function formatReport(report: DoctorReport): string {
  const out: string[] = []
  const { selfTest: t } = report
  out.push(`catalog   ${report.catalog}${report.encoding ? ` (${report.encoding.toUpperCase()})` : ''}`)
  out.push(`config    ${report.config ?? 'none given: a minimal one (brand, persona, greeting; built-in vocabulary only)'}`)
  for (const note of report.configNotes) out.push(`          ${note}`)
  out.push(`products  ${report.products} loaded${report.loadMs !== undefined ? ` in ${seconds(report.loadMs)}` : ''}${report.badRecords.length ? `, ${report.badRecords.length} bad record${report.badRecords.length === 1 ? '' : 's'} skipped` : ', no bad records'}`)
  for (const bad of report.badRecords) out.push(`  ${bad.at ? `${bad.at}: ` : ''}${bad.message}`)
  out.push('')

  if (report.attributes.length) {
    out.push(`attribute keys (${report.attributes.length}), by how many products carry them; self-test answers per key:`)
    const keyWidth = Math.min(28, Math.max(...report.attributes.map((a) => width(a.key)), 3))
    const kindWidth = Math.max(...report.attributes.map((a) => a.kind.length), 4)
    out.push(`  ${pad('key', keyWidth)}  products  ${pad('kind', kindWidth)}  answered`)
    for (const a of report.attributes) {
      // Many keys are found through a built-in entry of their kind ("净重" by 重量's words): only a
      // key that is rarely answered is worth pointing out as missing from the vocabulary.
      const low = a.coverage.rate !== null && a.coverage.rate < HINT_BELOW
      const vocab = low && !a.vocabulary ? '   (not in the vocabulary)' : ''
      out.push(`  ${pad(a.key, keyWidth)}  ${padStart(String(a.products), 8)}  ${pad(a.kind, kindWidth)}  ${padStart(fraction(a.coverage), 9)}  ${padStart(percent(a.coverage), 7)}${vocab}`)
    }
  } else out.push('attribute keys: none (no product has attributes)')
  out.push('')

  out.push(`self-test: ${t.questions} questions (${t.turns} turns) in ${seconds(t.elapsedMs)}`)
  out.push(`  attributes  ${padStart(fraction(t.attributes), 11)}  ${percent(t.attributes)}`)
  out.push(`  FAQ         ${padStart(fraction(t.faq), 11)}  ${percent(t.faq)}`)
  out.push(`  overall     ${padStart(fraction(t.overall), 11)}  ${percent(t.overall)}`)
  if (t.byWay.length) {
    out.push('  by way of asking:')
    const w = Math.max(...t.byWay.map((x) => width(x.label)))
    for (const x of t.byWay) out.push(`    ${pad(x.label, w)}  ${padStart(fraction(x), 11)}  ${percent(x)}`)
  }
  if (t.byKind.length) {
    out.push('  by kind of fact:')
    const w = Math.max(...t.byKind.map((x) => x.kind.length))
    for (const x of t.byKind) out.push(`    ${pad(x.kind, w)}  ${padStart(fraction(x), 11)}  ${percent(x)}`)
  }
  out.push('')

  if (t.failuresTotal) {
    out.push(`failing questions (${t.failures.length} of ${t.failuresTotal}${t.failures.length < t.failuresTotal ? '; --limit N for more' : ''}):`)
    for (const f of t.failures) {
      out.push(`  [${f.key} · ${f.productId} · ${WAYS[f.way]}] ${f.after ? `${f.after} → ` : ''}${f.question}`)
      out.push(`      expected ${f.expected}; answer: ${f.answer}`)
    }
  } else if (t.questions) out.push('failing questions: none')
  if (report.hints.length) {
    out.push('')
    const listed = report.hints.slice(0, 8).map((h) => `${h.key} (${percent(h.coverage)})`)
    out.push(`hint: ${report.hints.length} key${report.hints.length === 1 ? ' is' : 's are'} answered under ${HINT_BELOW * 100} % of the time: ${listed.join(', ')}${report.hints.length > 8 ? ', …' : ''}.`)
    out.push('  Add how visitors ask for them to the site config\'s knowledge.attributes (README "Site config"), e.g.:')
    out.push(`  "knowledge": { "attributes": [ ${report.hints.slice(0, 2).map((h) => JSON.stringify(h.entry)).join(', ')} ] }`)
  }
  return out.join('\n')
}
