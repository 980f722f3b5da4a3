// One customer, one profile across channels: a web visitor whose identify hash proved the shop's
// customer id (identity.ts) reads and adds to the profile kept on the server for that customer — the
// same one their app and WeChat conversations build (channel-visitors.ts, visitor `u_<customerId>`).
// The device's own profile wins where both hold a value; lists are joined, counts and tallies merged.
// What belongs to one device or one visit stays apart: consent, the handoff session counters, a
// guided flow in progress, the landing ad.
import type { VisitorProfile } from '../../../shared/protocol.ts'
import { customerVisitorId, type ChannelVisitors } from './channel-visitors.ts'

const DEVICE_ONLY = new Set(['consent', 'session', 'flow', 'landing', 'customer', 'identityHash', 'visits', 'lastVisit'])

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `mine` over `shared`: lists joined (no repeats), objects merged a level down, other values mine when I have one. */
export function joinProfiles(shared: VisitorProfile, mine: VisitorProfile): VisitorProfile {
  const joined: Record<string, unknown> = { ...mine }
  for (const [key, theirs] of Object.entries(shared)) {
    if (DEVICE_ONLY.has(key)) continue
    const own = mine[key]
    if (own === undefined) joined[key] = theirs
    else if (Array.isArray(own) && Array.isArray(theirs)) {
      const seen = new Set(own.map((x) => JSON.stringify(x)))
      joined[key] = [...theirs.filter((x) => !seen.has(JSON.stringify(x))), ...own]
    } else if (isRecord(own) && isRecord(theirs)) joined[key] = { ...theirs, ...own }
  }
  return joined as VisitorProfile
}

/** What the server keeps of a profile for a customer: everything but what belongs to one device. */
function sharedPart(profile: VisitorProfile): VisitorProfile {
  return Object.fromEntries(Object.entries(profile).filter(([key]) => !DEVICE_ONLY.has(key))) as VisitorProfile
}

/** The customer's profile from the other channels joined under this device's; unchanged without a verified customer. */
export async function withCustomerProfile(visitors: ChannelVisitors, profile: VisitorProfile): Promise<VisitorProfile> {
  const id = profile.customer?.id
  if (!id) return profile
  const stored = await visitors.stateOf(customerVisitorId(id))
  return stored ? joinProfiles(stored.profile, profile) : profile
}

/** After a web turn: the customer's server profile takes this device's profile and the turn's patch. */
export async function rememberCustomerProfile(visitors: ChannelVisitors, profile: VisitorProfile, patch: VisitorProfile): Promise<void> {
  const id = profile.customer?.id
  if (!id) return
  await visitors.updateProfile(customerVisitorId(id), (stored) => joinProfiles(stored, sharedPart({ ...profile, ...patch })))
}
