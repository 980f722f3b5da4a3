// A few real products to point at when nothing matched: one per category, never a competitor's.
// Main products before accessories: those people have short names for (aliases) and that the
// catalog describes in most detail (attributes), so a greeting names a watch rather than its strap.
import type { Product } from '../../../shared/catalog.ts'
import type { Catalog } from './catalog.ts'

/** One product per category, best first, worked out once per catalog (it sorts every product). */
const examplesOf = new WeakMap<Catalog, Product[]>()

export function exampleProducts(catalog: Catalog, count = 3): Product[] {
  let examples = examplesOf.get(catalog)
  if (!examples) examplesOf.set(catalog, (examples = onePerCategory(catalog)))
  return examples.slice(0, count)
}

function onePerCategory(catalog: Catalog): Product[] {
  const weight = (p: Product) => (p.aliases.length ? 100 : 0) + Object.keys(p.attributes).length
  const candidates = catalog.all.filter((p) => !p.competitor).sort((a, b) => weight(b) - weight(a)) // stable: ties keep catalog order
  const byCategory = new Map<string, Product>()
  for (const p of candidates) if (!byCategory.has(p.category ?? p.id)) byCategory.set(p.category ?? p.id, p)
  return [...byCategory.values()]
}
