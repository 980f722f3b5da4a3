// Turns raw catalog records into products. A bad record is reported with where it came from and
// why (`catalog.csv:17: price must be a number, got "abc"`, `catalog.json[3]: …`), then skipped and
// counted: one typo in a catalog must never take the assistant down, nor disappear without a word.
// Runtime-neutral: used by the Node file loader and by the Workers entry on bundled records.
import type { z } from 'zod'
import { ProductSchema, type Product } from '../../../shared/catalog.ts'
import { issuePath } from '../validate.ts'

export interface ProductValidation {
  products: Product[]
  /** One line per skipped record, ready to log. */
  errors: string[]
}

/** A record read from a line-based file (CSV, JSONL), before the schema has seen it. */
export interface CatalogEntry {
  /** 1-based physical line where the record starts. */
  line: number
  /** The record as read; absent when reading it failed outright (see problems). */
  record?: unknown
  /** What the reader already found wrong (a cell that is not JSON, a stray quote…). */
  problems?: readonly string[]
}

/** Records of a JSON array, located by index: `catalog.json[3]: …`. */
export function validateProducts(records: readonly unknown[], source: string): ProductValidation {
  const collector = new Collector((i) => `${source}[${i}]`, (i) => `index ${i}`)
  records.forEach((record, index) => collector.add(index, record))
  return collector.result()
}

/** Records of a line-based file, located by line (`catalog.csv:17: …`), taken one at a time. */
export function validateEntries(entries: Iterable<CatalogEntry>, source: string): ProductValidation {
  const collector = new Collector((line) => `${source}:${line}`, (line) => `line ${line}`)
  for (const { line, record, problems } of entries) collector.add(line, record, problems)
  return collector.result()
}

class Collector {
  private readonly products: Product[] = []
  private readonly errors: string[] = []
  /** Where each id was first loaded, as a number: labels are only built for duplicates. */
  private readonly firstAt = new Map<string, number>()

  constructor(
    /** `catalog.csv:17` or `catalog.json[3]`, to start an error line. */
    private readonly where: (at: number) => string,
    /** `line 17` or `index 3`, to point at the first of two records with one id. */
    private readonly spot: (at: number) => string,
  ) {}

  add(at: number, record: unknown, problems: readonly string[] = []): void {
    const reasons = [...problems]
    let product: Product | undefined
    if (record !== undefined) {
      // Still checked when the reader found problems, so one report lists everything to fix.
      const result = ProductSchema.safeParse(record)
      if (result.success) product = result.data
      else reasons.push(...result.error.issues.map(describeIssue))
    }
    if (reasons.length || !product) {
      this.errors.push(`${this.where(at)}: ${reasons.join('; ') || 'no record'}`)
      return
    }
    const first = this.firstAt.get(product.id)
    if (first !== undefined) {
      // The later record is the one skipped: the first keeps serving, as it did before the edit.
      this.errors.push(`${this.where(at)}: duplicate id "${product.id}" (first at ${this.spot(first)})`)
      return
    }
    this.firstAt.set(product.id, at)
    this.products.push(product)
  }

  result(): ProductValidation {
    return { products: this.products, errors: this.errors }
  }
}

/** `faq.0.a: Invalid input…`; the schema's own messages that already name the field stay bare. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.path.length === 0) return issue.message
  if (issue.path.length === 1 && issue.message.startsWith(String(issue.path[0]))) return issue.message
  return `${issuePath(issue.path)}: ${issue.message}`
}
