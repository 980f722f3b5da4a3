import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { ProductSchema } from '../../../shared/catalog.ts'
import { carries, sameQuantities } from './check.ts'
import { runDoctor } from './cli.ts'
import { diagnose, formatReport, loadFiles, MINIMAL_CONFIG, type DoctorReport } from './doctor.ts'
import { Catalog } from '../knowledge/catalog.ts'
import { parseSiteConfig } from '../site-config.ts'
import { runSelfTest } from './self-test.ts'
import { generatedPetCatalog, PET_PRODUCTS, petCsv, petCsvColumns, petJsonl, tempFiles } from './testing.ts'

const blanks = (n: number) => ','.repeat(n)
const files = tempFiles({
  // Lines 2–6 are the five products; 7 has a price that is no number, 8 repeats an id.
  'shop.csv': petCsv(PET_PRODUCTS, [`bad-1,坏记录,abc${blanks(petCsvColumns() - 3)}`, `feeder-f3,重复的喂食器,10${blanks(petCsvColumns() - 3)}`]),
  // Line 6 is no JSON, line 7 has no name.
  'shop.jsonl': petJsonl(PET_PRODUCTS, ['{not json', JSON.stringify({ id: 'nameless', price: 1 })]),
})
afterAll(() => rmSync(files.dir, { recursive: true, force: true }))

const minimal = parseSiteConfig(MINIMAL_CONFIG, 'minimal config')

async function doctor(path: string): Promise<DoctorReport> {
  const { loaded, config, configNotes } = await loadFiles(path)
  return diagnose(loaded, config, { catalogPath: path, configNotes })
}

describe('loading as the edge does', () => {
  it('reports the bad CSV rows with their lines, and loads the rest', async () => {
    const report = await doctor(files['shop.csv']!)
    expect(report.products).toBe(5)
    expect(report.badRecords).toEqual([
      { at: 'shop.csv:7', line: 7, message: 'price must be a number, got "abc"' },
      { at: 'shop.csv:8', line: 8, message: 'duplicate id "feeder-f3" (first at line 2)' },
    ])
    expect(formatReport(report)).toContain('shop.csv:7: price must be a number, got "abc"')
  })

  it('reports the bad JSONL lines', async () => {
    const report = await doctor(files['shop.jsonl']!)
    expect(report.products).toBe(5)
    expect(report.badRecords.map((b) => [b.line, b.message.split(' (')[0]])).toEqual([
      [6, 'not valid JSON'],
      [7, 'name is required'],
    ])
  })

  it('counts the products carrying each attribute key, most carried first', async () => {
    const report = await doctor(files['shop.csv']!)
    const counts = Object.fromEntries(report.attributes.map((a) => [a.key, a.products]))
    expect(counts).toEqual({ 颜色: 4, 净重: 3, 功率: 3, 容量: 2, 尺寸: 2, 材质: 2, 自动喂食: 1, 保修: 1, 滤芯寿命: 1, 烘干温度: 1, 可机洗: 1, 长度: 1 })
    expect(report.attributes.map((a) => a.products)).toEqual([...report.attributes.map((a) => a.products)].sort((a, b) => b - a))
    // CSV booleans arrive as 是/否 text and are still asked as yes or no.
    expect(report.attributes.find((a) => a.key === '自动喂食')!.kind).toBe('yes-no')
  })

  it('names the encoding when the loader reports one, and does without', async () => {
    const report = await doctor(files['shop.csv']!)
    expect(report.encoding).toBe('utf-8')
    expect(formatReport(report)).toContain('shop.csv (UTF-8)')
    const { loaded } = await loadFiles(files['shop.csv']!)
    const { encoding: _, ...older } = loaded
    const without = diagnose(older, minimal, { catalogPath: 'shop.csv' })
    expect(without.encoding).toBeUndefined()
    expect(formatReport(without)).toMatch(/^catalog {3}shop\.csv\n/)
  })
})

describe('the self-test', () => {
  const products = PET_PRODUCTS.map((p) => ProductSchema.parse(p))
  const run = runSelfTest(new Catalog(products), minimal)

  it('counts a fact the catalog has and the answer carries as a pass', () => {
    const weight = run.results.filter((r) => r.probe.product.id === 'feeder-f3' && r.probe.target.type === 'attribute' && r.probe.target.key === '净重')
    expect(weight.map((r) => r.probe.way)).toEqual(['name', 'code', 'pronoun', 'english'])
    const passed = weight.filter((r) => r.passed)
    expect(passed.length).toBeGreaterThan(0)
    for (const r of passed) expect(carries(r.answer, '1.8kg') || sameQuantities(r.answer, '1.8kg')).toBe(true)
  })

  it('asks follow-ups after a first turn, with the assistant answer as history', () => {
    const pronoun = run.results.find((r) => r.probe.way === 'pronoun')!
    expect(pronoun.probe.intro).toMatch(/^介绍一下/)
    expect(pronoun.probe.question).toMatch(/^它/)
  })

  it('every result says what was asked and what came back', () => {
    expect(run.results.length).toBeGreaterThan(40)
    for (const r of run.results) {
      expect(r.answer.length).toBeGreaterThan(0)
      expect(typeof r.passed).toBe('boolean')
    }
    expect(run.turns).toBeGreaterThan(run.results.length) // the first turns too
  })
})

describe('the report', () => {
  it('as JSON: one object with the same data', async () => {
    const { code, stdout, stderr } = await runDoctor(['--catalog', files['shop.csv']!, '--json', '--limit', '3'])
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const report = JSON.parse(stdout) as DoctorReport
    expect(report).toMatchObject({
      catalog: files['shop.csv'],
      config: null,
      encoding: 'utf-8',
      products: 5,
      badRecords: [expect.objectContaining({ line: 7 }), expect.objectContaining({ line: 8 })],
      selfTest: {
        questions: expect.any(Number),
        elapsedMs: expect.any(Number),
        overall: { passed: expect.any(Number), total: expect.any(Number), rate: expect.any(Number) },
        attributes: { total: expect.any(Number) },
        faq: { total: 9 }, // three FAQ entries, each as written and twice rephrased
        failuresTotal: expect.any(Number),
      },
    })
    const key = report.attributes.find((a) => a.key === '净重')!
    expect(key).toEqual({ key: '净重', products: 3, kind: 'weight', vocabulary: expect.any(Boolean), coverage: { passed: expect.any(Number), total: expect.any(Number), rate: expect.any(Number) } })
    const t = report.selfTest
    expect(t.overall.total).toBe(t.attributes.total + t.faq.total)
    expect(t.byWay.map((w) => w.way)).toEqual(expect.arrayContaining(['name', 'pronoun', 'faq', 'faq-rephrased']))
    expect(t.failures.length).toBeLessThanOrEqual(3)
    for (const f of t.failures) {
      expect(f).toMatchObject({ productId: expect.any(String), key: expect.any(String), way: expect.any(String), question: expect.any(String), expected: expect.any(String) })
      expect([...f.answer].length).toBeLessThanOrEqual(80)
    }
    for (const h of report.hints) expect(h.entry.synonyms).toContain(h.key)
  })

  it('as text: keys, coverage, failures and the vocabulary hint', async () => {
    const { code, stdout } = await runDoctor(['--catalog', files['shop.jsonl']!])
    expect(code).toBe(0)
    expect(stdout).toMatch(/products {2}5 loaded/)
    expect(stdout).toMatch(/颜色 +4 +colour +\d+\/\d+ +[\d.]+ %/)
    expect(stdout).toMatch(/self-test: \d+ questions \(\d+ turns\) in [\d.]+ s/)
    expect(stdout).toMatch(/overall +\d+\/\d+ +[\d.]+ %/)
    expect(stdout).toMatch(/FAQ +\d+\/\d+/)
  })

  it('a bad command line or an unreadable file is exit code 2 with a message', async () => {
    expect(await runDoctor([])).toMatchObject({ code: 2, stderr: expect.stringContaining('--catalog FILE is required') })
    expect(await runDoctor(['--catalog', files['shop.csv']!, '--limit', 'many'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit') })
    expect(await runDoctor(['--catalog', files['shop.csv']!, '--frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown argument') })
    const missing = await runDoctor(['--catalog', `${files.dir}/nope.csv`])
    expect(missing).toMatchObject({ code: 2, stdout: '' })
    expect(missing.stderr).toContain(`cannot read the catalog ${files.dir}/nope.csv: file not found`)
    const badConfig = tempFiles({ 'config.json': '{"brand": {}}' })
    const config = await runDoctor(['--catalog', files['shop.csv']!, '--config', badConfig['config.json']!])
    expect(config.code).toBe(2)
    expect(config.stderr).toContain('config.json')
    rmSync(badConfig.dir, { recursive: true, force: true })
  })
})

it('checks a generated 1,000-product catalog', { timeout: 180_000 }, () => {
  const products = generatedPetCatalog(1000).map((p) => ProductSchema.parse(p))
  const report = diagnose({ products, errors: [] }, minimal, { catalogPath: 'generated-1000.jsonl' })
  // Four questions per product × attribute (nine), three per FAQ entry (two).
  expect(report.selfTest.questions).toBe(1000 * (9 * 4 + 2 * 3) - 1000) // the yes/no key has no English question
  expect(report.attributes.every((a) => a.products === 1000)).toBe(true)
  console.log(`doctor: 1,000 generated products, ${report.selfTest.questions} questions (${report.selfTest.turns} turns) in ${(report.selfTest.elapsedMs / 1000).toFixed(1)} s; overall ${((report.selfTest.overall.rate ?? 0) * 100).toFixed(1)} %`)
})
