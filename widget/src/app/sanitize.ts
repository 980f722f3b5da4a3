// Data from the stream, from /v1/greet and from storage is untrusted: these keep only well-formed parts.
import type { Card, Message } from './types.ts'

export const strings = (x: unknown): string[] =>
  Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []

const isProduct = (p: unknown): boolean =>
  !!p && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string' &&
  typeof (p as { price?: unknown }).price === 'number'

const str = (x: unknown) => typeof x === 'string' && x !== ''

/** Cards this widget renders, well-formed (product, compare, handoff, ticket, coupon); unknown types and broken data are dropped. */
export const knownCards = (x: unknown): Card[] =>
  Array.isArray(x)
    ? x.filter(
        (c): c is Card =>
          !!c && typeof c === 'object' &&
          ((c.type === 'product' && isProduct(c.product)) ||
            (c.type === 'compare' && Array.isArray(c.products) && c.products.length >= 2 &&
              c.products.every(isProduct) && Array.isArray(c.rows)) ||
            (c.type === 'handoff' && typeof c.next === 'string') ||
            (c.type === 'ticket' && typeof c.id === 'string' && typeof c.title === 'string' && Array.isArray(c.steps)) ||
            (c.type === 'coupon' && str(c.offerId) && str(c.code) && str(c.title) && str(c.discount) &&
              (c.expiresAt === undefined || typeof c.expiresAt === 'number'))),
      )
    : []

/** Stored history: well-formed messages only; a reply cut off by a reload counts as stopped. */
export function cleanStored(x: unknown): Message[] {
  if (!Array.isArray(x)) return []
  return x
    .filter(
      (m): m is Message =>
        !!m && (m.role === 'user' || m.role === 'assistant') && typeof m.text === 'string' && typeof m.id === 'string',
    )
    .map((m) => (m.status === 'streaming' ? { ...m, status: 'stopped' } : m))
}

/** The brand name, if /v1/greet sends one (`brand: "…"` or `brand: {name: "…"}`); else ''. */
export function brandName(b: unknown): string {
  if (typeof b === 'string') return b
  const name = b && typeof b === 'object' ? (b as { name?: unknown }).name : undefined
  return typeof name === 'string' ? name : ''
}

/** A JSON-safe copy of what a host page passed in (no functions, cycles or DOM nodes), or undefined. */
export function plain<T>(x: T): T | undefined {
  try {
    return x === undefined ? undefined : (JSON.parse(JSON.stringify(x)) as T)
  } catch {
    return undefined
  }
}
