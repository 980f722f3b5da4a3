// The event sequence of one chat answer (CONTRACT §4): one `meta`, the answer's `delta`s, then the
// catalog's `card`s, `suggest`ed replies and a `profile` patch, then exactly one `done` or `error`.
// Cards and suggestions come after the text, so they only appear under an answer that finished.
import type { SiteConfig } from '../../shared/config.ts'
import { PROTOCOL_VERSION, type ChatEvent, type Lang, type Provider, type VisitorProfile } from '../../shared/protocol.ts'
import { productCards } from './cards.ts'
import type { Turn } from './chat-turn.ts'
import { streamReply, type ReplyOptions } from './model/stream-reply.ts'
import type { ChatModel } from './model/types.ts'
import { suggestReplies } from './suggestions.ts'

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
  for await (const step of streamReply(deps.model, deps.offline, input, signal, deps.reply)) {
    switch (step.type) {
      case 'start':
        provider = step.provider
        yield {
          event: 'meta',
          data: {
            v: PROTOCOL_VERSION,
            intent: turn.intent,
            sentiment: turn.sentiment,
            products: input.snippets.map((p) => p.id),
            provider: step.provider,
            ...(step.fallback && { fallback: step.fallback }),
          },
        }
        break
      case 'text':
        yield { event: 'delta', data: { text: step.text } }
        break
      case 'fail':
        yield { event: 'error', data: { code: 'upstream_failed', message: UPSTREAM_FAILED_MESSAGE[input.lang] } }
        return
      case 'end': {
        if (step.finish === 'abort') return // nobody is listening any more
        const cards = productCards(input.subjects)
        for (const card of cards) yield { event: 'card', data: card }
        const replies = suggestReplies({ subjects: input.subjects, question: input.question, lang: input.lang, config: deps.config })
        if (replies.length) yield { event: 'suggest', data: { replies } }
        const asked = askedProductsPatch(profile, cards.map((c) => c.product.id))
        if (asked) yield { event: 'profile', data: { patch: { askedProducts: asked } } }
        yield { event: 'done', data: { finish: step.finish, provider } }
        return
      }
    }
  }
}
