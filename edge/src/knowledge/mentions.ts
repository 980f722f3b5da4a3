// Finds the products a text names explicitly: by id, full name, alias, or a model code from the
// name ("K9" in "K9 儿童手表"). Exact names beat keyword guesses, and the longest name wins where
// names overlap, so "Z7 Lite" means the Lite and not also the Z7.
import type { Product } from '../../../shared/catalog.ts'
import { escapeRegExp } from './text.ts'

interface NamePattern {
  productId: string
  pattern: RegExp
}

interface Hit {
  productId: string
  start: number
  end: number
}

/** Latin tokens with a digit in a product name, e.g. "X5", "R1": how people refer to models. */
function modelCodes(name: string): string[] {
  return (name.match(/[A-Za-z0-9][A-Za-z0-9-]*/g) ?? []).filter((t) => /\d/.test(t) && /[A-Za-z]/.test(t))
}

/** A name as a regex: case-insensitive, any spacing, no match inside a longer Latin word ("x5" ≠ "x50"). */
function namePattern(name: string): RegExp {
  const body = name.trim().split(/\s+/).map(escapeRegExp).join('\\s*')
  const before = /^[A-Za-z0-9]/.test(name) ? '(?<![A-Za-z0-9])' : ''
  const after = /[A-Za-z0-9]$/.test(name) ? '(?![A-Za-z0-9])' : ''
  return new RegExp(`${before}${body}${after}`, 'giu')
}

export class MentionFinder {
  readonly #patterns: NamePattern[] = []

  constructor(products: readonly Product[]) {
    const explicit = new Map<string, string>() // lower-cased name → product id
    for (const p of products) {
      for (const name of [p.id, p.name, ...p.aliases]) explicit.set(name.toLowerCase(), p.id)
    }
    // A model code becomes a name only when it points at exactly one product and is nobody's alias:
    // "X5" also appears in "X5 替换表带" but must keep meaning the watch.
    const codeOwners = new Map<string, Set<string>>()
    for (const p of products) {
      for (const code of modelCodes(p.name)) {
        const key = code.toLowerCase()
        codeOwners.set(key, (codeOwners.get(key) ?? new Set()).add(p.id))
      }
    }
    const names = new Map(explicit)
    for (const [code, owners] of codeOwners) {
      if (owners.size === 1 && !explicit.has(code)) names.set(code, [...owners][0]!)
    }
    for (const [name, productId] of names) {
      if (name.trim().length >= 2) this.#patterns.push({ productId, pattern: namePattern(name) })
    }
  }

  /** Ids of the products `text` names, in order of first appearance. */
  find(text: string): string[] {
    const hits: Hit[] = []
    for (const { productId, pattern } of this.#patterns) {
      for (const m of text.matchAll(pattern)) hits.push({ productId, start: m.index, end: m.index + m[0].length })
    }
    const kept = hits.filter(
      (h) => !hits.some((o) => o.productId !== h.productId && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
    )
    kept.sort((a, b) => a.start - b.start)
    return [...new Set(kept.map((h) => h.productId))]
  }
}
