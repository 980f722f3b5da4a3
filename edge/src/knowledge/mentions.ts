// Finds the products a text names explicitly: by id, full name, alias, or a model code from the
// name ("K9" in "K9 儿童手表"). Exact names beat keyword guesses, and the longest name wins where
// names overlap, so "Z7 Lite" means the Lite and not also the Z7.
//
// Built for 230,000 products: instead of one regex per name, every name is stored under a hash of its
// normalised, space-free key ("Z7 Lite" → "z7lite"), and the text is scanned once: each position that
// starts like some name extends a rolling hash, and each hash hit is verified against the product's
// real names, with the rules the old regexes had: spaces only where the name has them ("Z7Lite" and
// "Z7   Lite" are the Lite, "X 5" is not the X5), and no match inside a longer Latin word ("x5" ≠ "x50").
import type { Product } from '../../../shared/catalog.ts'
import { normalize } from './tokenize.ts'

interface Hit {
  doc: number
  start: number
  end: number
}

const MIN_NAME_LENGTH = 2
const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193
const ALNUM = /[a-z0-9]/
const SPACE = /\s/

/** FNV-1a, one UTF-16 unit at a time; callers fold it to 30 bits so Map keys stay small integers. */
const step = (hash: number, code: number) => Math.imul(hash ^ code, FNV_PRIME)
const fold = (hash: number) => hash & 0x3fffffff

/** Latin tokens with a digit in a product name, e.g. "X5", "R1": how people refer to models. */
function modelCodes(name: string): string[] {
  return (name.match(/[A-Za-z0-9][A-Za-z0-9-]*/g) ?? []).filter((t) => /\d/.test(t) && /[A-Za-z]/.test(t))
}

/** A name as the finder compares it: normalised, spaces dropped. */
function keyOf(name: string): string {
  return normalize(name).replace(/\s+/g, '')
}

function hashOf(key: string): number {
  let hash = FNV_OFFSET
  for (let i = 0; i < key.length; i++) hash = step(hash, key.charCodeAt(i))
  return fold(hash)
}

/** Offsets in the key where the name had spaces, and so where the text may have some too. */
function gapsOf(name: string): Set<number> {
  const gaps = new Set<number>()
  let offset = 0
  for (const part of normalize(name).trim().split(/\s+/)) {
    if (offset) gaps.add(offset)
    offset += part.length
  }
  return gaps
}

/** `text` without whitespace, remembering where whitespace was: `spaceBefore[i]` for compact char i. */
function compactText(text: string): { compact: string; spaceBefore: boolean[] } {
  let compact = ''
  const spaceBefore: boolean[] = []
  let pending = false
  for (const char of normalize(text)) {
    if (SPACE.test(char)) pending = true
    else {
      for (let i = 0; i < char.length; i++) spaceBefore.push(pending && i === 0)
      compact += char
      pending = false
    }
  }
  return { compact, spaceBefore }
}

export class MentionFinder {
  readonly #products: readonly Product[]
  /** Hash of a name key → the doc it names (the last product wins a name two products share). */
  readonly #byHash = new Map<number, number>()
  /** The rare key whose hash another key already took. */
  readonly #collisions = new Map<string, number>()
  /** Hashes of every key's first two units: most text positions start no name and are skipped at once. */
  readonly #starts = new Set<number>()
  readonly #hasLength: boolean[] = []
  #maxLength = 0

  constructor(products: readonly Product[]) {
    this.#products = products
    products.forEach((p, doc) => {
      for (const name of [p.id, p.name, ...p.aliases]) this.#add(keyOf(name), doc)
    })
    // A model code becomes a name only when it points at exactly one product and is nobody's alias:
    // "X5" also appears in "X5 替换表带" but must keep meaning the watch.
    const codeOwners = new Map<string, Set<number>>()
    products.forEach((p, doc) => {
      for (const code of modelCodes(p.name)) {
        const key = keyOf(code)
        codeOwners.set(key, (codeOwners.get(key) ?? new Set()).add(doc))
      }
    })
    for (const [key, owners] of codeOwners) {
      if (owners.size === 1 && this.#lookup(key, hashOf(key)) === undefined) this.#add(key, [...owners][0]!)
    }
  }

  /** Catalog positions of the products `text` names, in order of first appearance. */
  find(text: string): number[] {
    const { compact, spaceBefore } = compactText(text)
    const hits: Hit[] = []
    for (let start = 0; start + MIN_NAME_LENGTH <= compact.length; start++) {
      let hash = step(step(FNV_OFFSET, compact.charCodeAt(start)), compact.charCodeAt(start + 1))
      if (!this.#starts.has(fold(hash))) continue
      const last = Math.min(compact.length, start + this.#maxLength)
      for (let end = start + MIN_NAME_LENGTH; end <= last; end++) {
        if (end > start + MIN_NAME_LENGTH) hash = step(hash, compact.charCodeAt(end - 1))
        if (!this.#hasLength[end - start]) continue
        const doc = this.#verify(compact, spaceBefore, start, end, fold(hash))
        if (doc !== undefined) hits.push({ doc, start, end })
      }
    }
    const kept = hits.filter(
      (h) => !hits.some((o) => o.doc !== h.doc && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
    )
    kept.sort((a, b) => a.start - b.start)
    return [...new Set(kept.map((h) => h.doc))]
  }

  #add(key: string, doc: number): void {
    if (key.length < MIN_NAME_LENGTH) return
    const hash = hashOf(key)
    const owner = this.#byHash.get(hash)
    if (owner === undefined || this.#keysOf(owner).includes(key)) this.#byHash.set(hash, doc)
    else this.#collisions.set(key, doc)
    this.#starts.add(hashOf(key.slice(0, MIN_NAME_LENGTH)))
    this.#hasLength[key.length] = true
    this.#maxLength = Math.max(this.#maxLength, key.length)
  }

  #names(doc: number): string[] {
    const p = this.#products[doc]!
    return [p.id, p.name, ...p.aliases, ...modelCodes(p.name)]
  }

  #keysOf(doc: number): string[] {
    return this.#names(doc).map(keyOf)
  }

  #lookup(key: string, hash: number): number | undefined {
    const doc = this.#byHash.get(hash)
    if (doc !== undefined && this.#keysOf(doc).includes(key)) return doc
    return this.#collisions.get(key)
  }

  /** The doc named by compact[start, end), if a name matches there under the spacing and word rules. */
  #verify(compact: string, spaceBefore: boolean[], start: number, end: number, hash: number): number | undefined {
    if (!this.#byHash.has(hash) && !this.#collisions.size) return undefined
    const key = compact.slice(start, end)
    const doc = this.#lookup(key, hash)
    if (doc === undefined) return undefined
    const latinEdge = (at: number) => at > 0 && at < compact.length && !spaceBefore[at] && ALNUM.test(compact[at - 1]!) && ALNUM.test(compact[at]!)
    if (latinEdge(start) || latinEdge(end)) return undefined
    const spaced = (name: string) => {
      const gaps = gapsOf(name)
      for (let at = start + 1; at < end; at++) if (spaceBefore[at] && !gaps.has(at - start)) return false
      return true
    }
    return this.#names(doc).some((name) => keyOf(name) === key && spaced(name)) ? doc : undefined
  }
}
