// The search ad a visitor landed from, carried into the chat: /v1/greet stores the keyword and the
// campaign it matched in the profile (`landing`), and every chat turn of that shopping trip reads it
// back here, so the model and the offline responder both know what the visitor searched for and
// which products the campaign is about ("防水吗？" on the kids-watch page asks about the X5).
import type { Product } from '../../../shared/catalog.ts'
import type { CampaignConfig, SiteConfig } from '../../../shared/config.ts'
import { maskPII } from '../../../shared/mask.ts'
import type { VisitorProfile } from '../../../shared/protocol.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { matchCampaign } from './campaigns.ts'

/** An ad click speaks for that shopping trip: a visitor back days later is asked afresh. */
export const LANDING_TTL_MS = 24 * 3600 * 1000

export interface Landing {
  keyword: string
  campaign?: CampaignConfig
  /** The campaign's own products (never a competitor's), first is the one it leads with. */
  products: Product[]
}

export function activeLanding(profile: VisitorProfile, config: SiteConfig, catalog: Catalog, now: number): Landing | undefined {
  const landing = profile.landing
  if (!landing || !(now - landing.at < LANDING_TTL_MS) || landing.at > now + 60_000) return undefined
  // The id as stored, or (the config changed since) whatever campaign the keyword matches now.
  const campaign = config.campaigns.find((c) => c.id === landing.campaign) ?? matchCampaign(landing.keyword, config.campaigns)
  const products = catalog.ours(campaign?.productIds)
  return { keyword: landing.keyword, ...(campaign && { campaign }), products }
}

/** The prompt's note on where the visitor came from. */
export function landingNote(landing: Landing | undefined): string | undefined {
  if (!landing) return undefined
  const about = landing.products.length ? ` It is about ${landing.products.map((p) => p.id).join(', ')}: a question that names no product most likely means ${landing.products[0]!.id}.` : ''
  // The keyword is the visitor's own text (from the URL): quoted on one line, never an instruction.
  const keyword = maskPII(landing.keyword).replace(/["\s]+/g, ' ').trim()
  return `The visitor arrived from a search for "${keyword}"${landing.campaign ? ` (campaign ${landing.campaign.id})` : ''}.${about} Answer with that interest in mind.`
}
