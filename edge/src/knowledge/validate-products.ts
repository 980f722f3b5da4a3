// Turns raw catalog records into products. A bad record is reported with where it came from and
// why (`catalog.json[3]: price must be a number, got "abc"`), then skipped and counted: one typo in
// a catalog must never take the assistant down, nor disappear without a word.
import { ProductSchema, type Product } from '../../../shared/catalog.ts'
import { issuePath } from '../validate.ts'

export interface ProductValidation {
  products: Product[]
  /** One line per skipped record, ready to log. */
  errors: string[]
}

/**
 * @param records parsed records, in file order
 * @param source  the file name for messages, e.g. `catalog.json`
 * @param locate  how a record's position reads in messages; the default is `[index]`
 */
export function validateProducts(
  records: readonly unknown[],
  source: string,
  locate: (index: number) => string = (i) => `[${i}]`,
): ProductValidation {
  const products: Product[] = []
  const errors: string[] = []
  const seen = new Set<string>()
  records.forEach((record, index) => {
    const where = `${source}${locate(index)}`
    const result = ProductSchema.safeParse(record)
    if (!result.success) {
      const reasons = result.error.issues.map((issue) => {
        const field = issuePath(issue.path)
        // The schema's own messages often start with the field ("price must be a number…").
        return issue.message.startsWith(String(issue.path[0] ?? '')) && issue.path.length === 1
          ? issue.message
          : `${field}: ${issue.message}`
      })
      errors.push(`${where}: ${reasons.join('; ')}`)
      return
    }
    if (seen.has(result.data.id)) {
      errors.push(`${where}: duplicate id "${result.data.id}" (the first record with this id is kept)`)
      return
    }
    seen.add(result.data.id)
    products.push(result.data)
  })
  return { products, errors }
}
