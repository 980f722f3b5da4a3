// Verified identity: `huike('identify', {id, …traits}, {hash})` from the shop's page, where
// hash = hex HMAC-SHA256(HUIKE_IDENTITY_SECRET, id) is computed by the shop's server for the logged-in
// customer (as Intercom's user_hash, Chatwoot's identifier_hash). Anyone can call identify from
// DevTools, so the edge trusts the customer — their id and traits — only with a correct hash; without
// one (or with no secret set) the traits are hints the widget keeps and the rules never read. The
// edge rewrites every incoming profile through here before anything reads it: `customer` is the
// verified customer or absent, and a bare `segment` (which only the visitor's own device could have
// written) is dropped, so a forged "vip" unlocks nothing.
import { maskDeep } from '../../shared/mask.ts'
import type { VisitorProfile } from '../../shared/protocol.ts'
import { sameDigest } from './store/token.ts'

export interface VerifiedCustomer {
  id: string
  /** The traits the page sent with the verified id: segment, name, tier… */
  [trait: string]: unknown
}

const encoder = new TextEncoder()
const keys = new Map<string, Promise<CryptoKey>>()

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    keys.set(secret, key)
  }
  return key
}

/** hex HMAC-SHA256(secret, id): what the shop's server computes (README has Node, Python, PHP and Java). */
export async function identityHash(secret: string, id: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(id))
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The customer the profile names, when its hash proves it; undefined otherwise. */
export async function verifiedCustomer(profile: VisitorProfile, secret: string | undefined): Promise<VerifiedCustomer | undefined> {
  const customer = profile.customer
  const hash = profile.identityHash
  if (!secret || !customer?.id || typeof hash !== 'string') return undefined
  return sameDigest(hash.toLowerCase(), await identityHash(secret, customer.id)) ? (customer as VerifiedCustomer) : undefined
}

/**
 * The profile as the edge reads it: the verified customer kept, an unverified one removed (its traits
 * stay hints on the device), the proof itself and a bare `segment` dropped.
 */
export async function trustedProfile(profile: VisitorProfile, secret: string | undefined): Promise<VisitorProfile> {
  const customer = await verifiedCustomer(profile, secret)
  // `segment` at the top level is what older widgets sent: only the device vouched for it.
  const { customer: _claimed, identityHash: _proof, segment: _segment, ...rest } = profile
  return customer ? { ...rest, customer } : rest
}

/** The verified customer as the shop's people and webhooks see it: the id as is, the traits' free text masked. */
export function customerContext(profile: VisitorProfile): VerifiedCustomer | undefined {
  const customer = profile.customer
  if (!customer?.id) return undefined
  const { id, ...traits } = customer
  return { id, ...(maskDeep(traits) as Record<string, unknown>) }
}
