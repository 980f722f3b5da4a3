// Asks the catalog its own questions (questions.ts) through the turn pipeline the edge runs for a
// chat turn with the offline responder: the request masked as the route masks it, prepareTurn, then
// the offline answer's text; called directly, not over HTTP, so 1,000 products take seconds. A
// follow-up ("它多重？") is asked after its first turn with the assistant's own answer as history.
import type { Product } from '../../../shared/catalog.ts'
import type { SiteConfig } from '../../../shared/config.ts'
import { maskPII } from '../../../shared/mask.ts'
import { ChatRequestSchema, type ChatMessage, type ChatRequest, type Lang } from '../../../shared/protocol.ts'
import { prepareTurn } from '../chat-turn.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { Vocabulary } from '../knowledge/synonyms.ts'
import { composeOfflineAnswer } from '../model/offline-answer.ts'
import { answers, answersFaq, type AnswerContext } from './check.ts'
import { introduce, modelCodes } from './phrasings.ts'
import { probesFor, type Probe } from './questions.ts'

export interface ProbeResult {
  probe: Probe
  passed: boolean
  answer: string
}

export interface SelfTestRun {
  results: ProbeResult[]
  /** Turns asked, first turns ("介绍一下X") included. */
  turns: number
  elapsedMs: number
}

export interface SelfTestOptions {
  /** The clock the turn sees (campaigns, offers); default: now. */
  now?: number
  /** Called after each product, for progress on big catalogs. */
  onProduct?: (done: number, total: number) => void
}

/** One chat turn, answered as the edge answers it offline. */
export type Ask = (messages: ChatMessage[], lang: Lang, page?: { productId: string }) => string

export function turnAsker(catalog: Catalog, config: SiteConfig, now = Date.now()): Ask {
  // The route's defaults (profile, page) once, from the protocol's own schema.
  const base: ChatRequest = ChatRequestSchema.parse({ visitorId: 'huike-doctor', sessionId: 'huike-doctor', messages: [{ role: 'user', content: '?' }] })
  return (messages, lang, page) => {
    const request: ChatRequest = {
      ...base,
      messages: messages.map((m) => ({ ...m, content: maskPII(m.content) })),
      lang,
      page: page ? { ...base.page, ...page } : base.page,
    }
    return composeOfflineAnswer(prepareTurn(request, catalog, config, now).input, catalog)
  }
}

export function runSelfTest(catalog: Catalog, config: SiteConfig, options: SelfTestOptions = {}): SelfTestRun {
  const started = performance.now()
  const ask = turnAsker(catalog, config, options.now)
  const vocabulary = Vocabulary.of(config)
  const codes = modelCodes(catalog.all)
  const results: ProbeResult[] = []
  let turns = 0
  const products = catalog.all
  products.forEach((product, seed) => {
    // The product's first turn in each language, for the follow-ups: asked once, its answer kept.
    const intros = new Map<Lang, string>()
    const intro = (lang: Lang) => {
      let text = intros.get(lang)
      if (text === undefined) {
        turns++
        intros.set(lang, (text = ask([{ role: 'user', content: introduce(product.name, lang) }], lang)))
      }
      return text
    }
    const code = codes.get(product.id)
    for (const probe of probesFor(product, seed, code)) {
      const history: ChatMessage[] = probe.intro ? [{ role: 'user', content: probe.intro }, { role: 'assistant', content: intro(probe.lang) }] : []
      turns++
      const answer = ask([...history, { role: 'user', content: probe.question }], probe.lang, probe.onPage ? { productId: product.id } : undefined)
      results.push({ probe, answer, passed: passes(probe, answer, product, code, vocabulary, catalog) })
    }
    options.onProduct?.(seed + 1, products.length)
  })
  return { results, turns, elapsedMs: performance.now() - started }
}

function passes(probe: Probe, answer: string, product: Product, code: string | undefined, vocabulary: Vocabulary, catalog: Catalog): boolean {
  const context: AnswerContext = {
    ...(product.description && { description: product.description }),
    price: product.price,
    names: [product.name, ...(code ? [code] : []), ...product.aliases],
    aboutOthers: (sentence) => {
      const named = catalog.mentions(sentence)
      return named.length > 0 && !named.some((p) => p.id === product.id)
    },
  }
  const { target } = probe
  if (target.type === 'faq') return answersFaq(answer, target.part, context)
  return answers(answer, target.expected, context, [target.key, vocabulary.label(target.key, probe.lang)])
}
