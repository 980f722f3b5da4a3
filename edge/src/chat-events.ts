// The event sequence of one chat answer (CONTRACT §4): one `meta`, the answer's `delta`s, then the
// catalog's `card`s, `suggest`ed replies and a `profile` patch, then exactly one `done` or `error`.
// Cards and suggestions come after the text, so they only appear under an answer that finished.
// An LLM's text passes the guards (links, prices, discounts, stock: model/guards.ts); the offline responder only ever writes catalog prices.
// The marketing offer (edge/src/marketing) comes last: its sentence, coupon and product cards, and
// the updated cap history in the profile patch; an LLM's discount wording passes the discount guard.
import type { SiteConfig } from '../../shared/config.ts'
import { PROTOCOL_VERSION, type Card, type ChatEvent, type Lang, type Provider, type VisitorProfile } from '../../shared/protocol.ts'
import { cardProductIds, cardsFor } from './cards.ts'
import type { Turn } from './chat-turn.ts'
import type { Catalog } from './knowledge/catalog.ts'
import { guardsFor, type Guards } from './model/guards.ts'
import { composeOfflineAnswer } from './model/offline-answer.ts'
import { streamReply, type ReplyOptions } from './model/stream-reply.ts'
import type { ChatModel } from './model/types.ts'
import { calmReplies, suggestReplies } from './suggestions.ts'
import { isUpset } from './understanding/mood.ts'

const round2 = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100

/** What the visitor sees when an answer breaks: no upstream details, a clear next step. */
export const UPSTREAM_FAILED_MESSAGE: Record<Lang, string> = {
  'zh-CN': '回答中断了，请重试。',
  en: 'The assistant could not finish this answer. Please try again.',
}

/** How many product ids the profile remembers. */
const MAX_ASKED_PRODUCTS = 20

export interface ChatEventsDeps {
  model: ChatModel
  offline: ChatModel
  config: SiteConfig
  reply?: ReplyOptions
  /** For the guards: other products a sentence names, the shop's own product pages. */
  catalog: Catalog
}

function askedProductsPatch(profile: VisitorProfile, ids: string[]): string[] | undefined {
  const before = profile.askedProducts ?? []
  const fresh = ids.filter((id) => !before.includes(id))
  if (!fresh.length) return undefined
  // The whole list, newest last, so the patch is right whether the widget merges or replaces arrays.
  return [...before, ...fresh].slice(-MAX_ASKED_PRODUCTS)
}

export async function* chatEvents(
  turn: Turn,
  profile: VisitorProfile,
  deps: ChatEventsDeps,
  signal: AbortSignal,
): AsyncGenerator<ChatEvent> {
  const { input } = turn
  let provider: Provider = deps.model.provider
  // Links, prices, discounts and stock in an LLM's text (model/guards.ts).
  let guards: Guards | undefined
  let shown = '' // what of the model's text reached the visitor
  const guarded = (text: string) => (guards ? guards.push(text) : text)
  for await (const step of streamReply(deps.model, deps.offline, input, signal, deps.reply)) {
    switch (step.type) {
      case 'thinking': // a reasoning model at work: the visitor is told so, never shown its reasoning
        yield { event: 'status', data: { state: 'thinking' } }
        break
      case 'start':
        provider = step.provider
        guards = provider === 'offline' ? undefined : guardsFor(turn, deps.config, deps.catalog)
        yield {
          event: 'meta',
          data: {
            v: PROTOCOL_VERSION,
            intent: turn.intent,
            sentiment: turn.sentiment,
            confidence: { intent: round2(turn.confidence.intent), sentiment: round2(turn.confidence.sentiment) },
            products: input.snippets.map((p) => p.id),
            provider: step.provider,
            ...(step.fallback && { fallback: step.fallback }),
            ...(turn.plan.kind === 'dialogue' && { topic: turn.plan.reply.topic }),
          },
        }
        break
      case 'text': {
        const text = guarded(step.text)
        shown += text
        if (text) yield { event: 'delta', data: { text } }
        break
      }
      case 'fail':
        yield { event: 'error', data: { code: 'upstream_failed', message: UPSTREAM_FAILED_MESSAGE[input.lang] } }
        return
      case 'end': {
        if (step.finish === 'abort') return // nobody is listening any more
        let rest = guards?.end() ?? ''
        // The guards took out (nearly) all the model said: the grounded offline answer follows, so the
        // visitor is never left with nothing or a stub like "抱歉，。".
        if (guards?.corrected && !saysSomething(shown + rest)) {
          rest += `${shown + rest ? '\n\n' : ''}${composeOfflineAnswer(input, deps.catalog)}`
        }
        // The offline responder says the offer in the rules' own sentence; an LLM was told it in the
        // prompt. A service message (a share link) is appended for both: it must arrive verbatim.
        if (turn.offer && (provider === 'offline' || !turn.offer.offer)) rest += `\n\n${turn.offer.text}`
        if (rest) yield { event: 'delta', data: { text: rest } }
        const answerCards = turn.showsProducts ? cardsFor(turn.plan) : []
        const cards = withOffer(answerCards, turn.offer?.cards ?? [])
        for (const card of cards) yield { event: 'card', data: card }
        const replies = turn.showsProducts
          ? suggestReplies({ plan: turn.plan, question: input.question, lang: input.lang, config: deps.config, vocabulary: turn.vocabulary })
          : calmReplies(isUpset(turn), deps.config, input.lang)
        if (replies.length) yield { event: 'suggest', data: { replies } }
        const asked = askedProductsPatch(profile, cardProductIds(answerCards)) // what they asked about, not what was offered
        const marketing = turn.offer?.history !== profile.marketing ? turn.offer?.history : undefined
        const patch = {
          ...(turn.plan.kind === 'dialogue' && turn.plan.reply.profile),
          ...(asked && { askedProducts: asked }),
          ...(turn.askedTags && { askedTags: turn.askedTags }),
          ...(marketing && { marketing }),
        }
        if (Object.keys(patch).length) yield { event: 'profile', data: { patch } }
        const corrected = guards?.corrected ?? 0
        yield { event: 'done', data: { finish: step.finish, provider, ...(corrected && { corrected }) } }
        return
      }
    }
  }
}

/** Enough letters or digits to be an answer, not a remnant. */
const saysSomething = (text: string): boolean => (text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 8

/** The answer's cards, then the offer's (coupon first); an offer product replaces its plain card (it carries the offer price). */
function withOffer(cards: Card[], offer: readonly Card[]): Card[] {
  const offered = new Set(offer.flatMap((c) => (c.type === 'product' ? [c.product.id] : [])))
  return [...cards.filter((c) => c.type !== 'product' || !offered.has(c.product.id)), ...offer]
}
