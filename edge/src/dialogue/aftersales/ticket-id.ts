// Ticket numbers like T-20261123-7K3QZD: the shop's date, then six characters derived from the
// request (visitor, session, kind, product, order number). Deterministic, so asking again in the same
// conversation quotes the same ticket instead of opening another; no ambiguous 0/O or 1/I.
import type { Ymd } from './dates.ts'

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ' // 32 symbols, 5 bits each

/** FNV-1a, 32 bits. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

export function ticketId(today: Ymd, parts: readonly (string | undefined)[]): string {
  const text = parts.map((p) => p ?? '').join('\u0000')
  // Two independent hashes give 30 bits for six symbols.
  const bits = (BigInt(fnv1a(text)) << 32n) | BigInt(fnv1a(text, 0x9e3779b9))
  let code = ''
  for (let i = 0; i < 6; i++) code += ALPHABET[Number((bits >> BigInt(i * 10)) & 31n)]
  const date = `${today.y}${String(today.m).padStart(2, '0')}${String(today.d).padStart(2, '0')}`
  return `T-${date}-${code}`
}
