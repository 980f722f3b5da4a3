// /v1/chat's part in a live handoff: whether a turn's reply hands the visitor to a person, what the
// person is told about the visitor, and the silent answer while a person holds the conversation.
import type { SiteConfig } from '../../../shared/config.ts'
import { LIVE_REASONS, type LiveReason, type VisitorContext } from '../../../shared/live.ts'
import { customerContext } from '../identity.ts'
import { maskPII } from '../../../shared/mask.ts'
import { PROTOCOL_VERSION, type ChatEvent, type ChatRequest, type Provider } from '../../../shared/protocol.ts'
import type { Turn } from '../chat-turn.ts'
import { readState } from '../dialogue/flows/state.ts'
import type { DialogueReply } from '../dialogue/types.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { planProducts } from '../knowledge/plan.ts'
import { landingKeyword } from '../marketing/keyword.ts'

/** The meta topic of a turn answered by silence because a person holds the conversation. */
export const LIVE_AGENT_TOPIC = 'live:agent'

/** How many products the person sees. */
const MAX_PRODUCTS = 8

/**
 * The reason a reply hands the visitor to a person now, or undefined. A handoff card with `live` says
 * so; one without it (or a notice saying `live: false`) means nobody can join now (outside the hours).
 * A handoff whose card says neither comes from an edge that predates the card's `live`: with the
 * channel on, that is live too.
 */
export function liveHandoffReason(reply: DialogueReply | undefined): LiveReason | undefined {
  const notice = reply?.notice
  if (notice?.type !== 'handoff') return undefined
  const card = reply!.cards.find((c) => c.type === 'handoff')
  const decided = card?.live !== undefined || card?.form !== undefined || typeof notice.data.live === 'boolean'
  if (decided && !card?.live) return undefined
  const reason = notice.data.reason
  return LIVE_REASONS.includes(reason as LiveReason) ? (reason as LiveReason) : 'asked'
}

/** What the person sees of the visitor: where they came from, what they looked at and asked about. */
export function visitorContext(request: ChatRequest, turn: Turn, catalog: Catalog, config: SiteConfig): VisitorContext {
  const { profile, page } = request
  // The edge left only a verified customer in the profile (identity.ts trustedProfile).
  const customer = customerContext(profile)
  const fromUrl = landingKeyword(page.url)
  const keyword = turn.landing?.keyword ?? profile.landing?.keyword ?? fromUrl?.keyword
  const campaign = turn.landing?.campaign?.id ?? profile.landing?.campaign
  const ids = [...planProducts(turn.plan).map((p) => p.id), ...(page.productId ? [page.productId] : []), ...[...(profile.askedProducts ?? [])].reverse()]
  const products = [...new Set(ids)].flatMap((id) => {
    const p = catalog.get(id)
    return p ? [{ id: p.id, name: p.name }] : []
  })
  const slots = readState(profile.flow, config.flows)?.slots ?? {}
  const answers = Object.fromEntries(Object.entries(slots).map(([k, v]) => [k, typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : String(v)]))
  return {
    lang: request.lang,
    ...(keyword && { keyword }),
    ...(campaign && { campaign }),
    ...(profile.source && { source: profile.source }),
    products: products.slice(0, MAX_PRODUCTS),
    answers,
    intent: turn.intent,
    sentiment: turn.sentiment,
    ...(page.url && { page: maskPII(page.url) }),
    ...(customer && { customer }),
  }
}

/** The whole answer while a person holds the conversation: the assistant says nothing. */
export async function* silentTurn(provider: Provider): AsyncGenerator<ChatEvent> {
  yield { event: 'meta', data: { v: PROTOCOL_VERSION, intent: 'human', sentiment: 'neutral', products: [], provider, topic: LIVE_AGENT_TOPIC } }
  yield { event: 'done', data: { finish: 'stop', provider } }
}
