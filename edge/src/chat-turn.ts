// Everything the edge works out about one chat turn before anyone writes an answer: what the
// visitor wants, which products it is about (the plan), and the model input built from those facts.
import type { SiteConfig } from '../../shared/config.ts'
import type { ChatRequest, Intent, Sentiment } from '../../shared/protocol.ts'
import { answersFlowQuestion } from './dialogue/flows/state.ts'
import { pausedFlowNote } from './dialogue/flows/index.ts'
import { runDialogue } from './dialogue/index.ts'
import { readProductQuestion } from './dialogue/product-question.ts'
import type { DialogueContext } from './dialogue/types.ts'
import type { Catalog } from './knowledge/catalog.ts'
import { planAsksAboutProduct } from './knowledge/asks.ts'
import { planProducts, planTurn, type TurnPlan } from './knowledge/plan.ts'
import { Vocabulary } from './knowledge/synonyms.ts'
import { askedTagsPatch } from './marketing/conditions.ts'
import { activeLanding, landingNote, type Landing } from './marketing/landing.ts'
import { offerNote, replyOffer } from './marketing/reply.ts'
import type { MarketingDecision } from './marketing/rules.ts'
import { productTerms } from './understanding/product-terms.ts'
import { chitChat } from './understanding/chit-chat.ts'
import { isUpset } from './understanding/mood.ts'
import type { ModelInput } from './model/types.ts'
import { buildSystemPrompt } from './prompt.ts'
import { classifyTurn } from './understanding.ts'

export interface Turn {
  intent: Intent
  sentiment: Sentiment
  /** How sure the classifier is of each, 0–1 (sent in `meta`). */
  confidence: { intent: number; sentiment: number }
  plan: TurnPlan
  vocabulary: Vocabulary
  input: ModelInput
  /** The marketing offer under this answer (reply-slot rule winner), if any. */
  offer?: MarketingDecision
  /** The search ad the visitor landed from, while it still speaks for this trip. */
  landing?: Landing
  /** Whether the answer's product cards are shown: not under small talk or an upset turn that asked nothing. */
  showsProducts: boolean
  /** The device's running counts of the tags the rules count (profile.askedTags), when this message names one. */
  askedTags?: Record<string, number>
}

/** What the edge offers beyond the catalog and config: a live channel to a person (DialogueContext.live). */
export interface TurnOptions {
  live?: DialogueContext['live']
  /** A webhook is configured (HUIKE_WEBHOOK_URL): a message left for the shop has somewhere to go. */
  webhook?: boolean
}

export function prepareTurn(request: ChatRequest, catalog: Catalog, config: SiteConfig, now = Date.now(), options: TurnOptions = {}): Turn {
  const { messages, lang, page } = request
  const question = messages.at(-1)!.content
  const vocabulary = Vocabulary.of(config)
  const landing = activeLanding(request.profile, config, catalog, now)
  const productPlan = planTurn({ messages, page, lang, landing: landing?.products[0] }, catalog, vocabulary)
  const aboutProduct = planProducts(productPlan).length > 0 || productPlan.kind === 'unknown'
  const answering = answersFlowQuestion(request.profile, messages, config.flows)
  // A calm question about a product is answered from the catalog: routing reads it before any handler.
  const { calm: productQuestion, named: namesProduct } = readProductQuestion(question, productPlan)
  const { intent, sentiment, confidence } = classifyTurn(messages, lang, { aboutProduct, answering, productQuestion, isTerm: productTerms(planProducts(productPlan)) })
  const reply = runDialogue({ request, question, lang, intent, sentiment, catalog, config, vocabulary, productPlan, productQuestion, namesProduct, live: options.live, webhook: options.webhook })
  const plan: TurnPlan = reply ? { kind: 'dialogue', reply } : productPlan
  // The plan's products are the LLM's only facts: fewer products, fewer prices it may quote.
  const products = planProducts(plan)
  const topic = plan.kind === 'dialogue' ? plan.reply.topic : undefined
  const askedTags = askedTagsPatch({ profile: request.profile, config, messages })
  const offer = replyOffer({ request, intent, sentiment, topic, subjects: products, catalog, config, now, campaign: landing?.campaign?.id })
  return {
    intent,
    sentiment,
    confidence,
    plan,
    vocabulary,
    ...(offer && { offer }),
    ...(landing && { landing }),
    showsProducts: showsProducts(plan, question, intent, sentiment),
    ...(askedTags && { askedTags }),
    input: {
      system: buildSystemPrompt({ config, lang, snippets: products, question: plan.kind === 'product' ? plan.question : question, plan, offers: offerNote(offer, now), visitor: visitorNotes(request, plan, landing, config, catalog), sentiment }),
      messages,
      lang,
      question,
      snippets: products,
      subjects: products,
      intent,
      sentiment,
      plan,
      ...(offer && { offered: true }),
    },
  }
}

/**
 * Cards belong under answers about products. "你是机器人吗" after the greeting named the X5, or an
 * upset "没用" about it, asks nothing of the X5: no card (the offline answer gives no blurb either).
 */
function showsProducts(plan: TurnPlan, question: string, intent: Intent, sentiment: Sentiment): boolean {
  if (plan.kind !== 'product' && plan.kind !== 'general') return true
  if (planAsksAboutProduct(plan)) return true
  return !isUpset({ intent, sentiment }) && !chitChat(question)
}

/** The prompt's notes on the visitor: the ad they came from, a product finder they stepped out of. */
function visitorNotes(request: ChatRequest, plan: TurnPlan, landing: Landing | undefined, config: SiteConfig, catalog: Catalog): string[] {
  const paused = plan.kind === 'dialogue' ? undefined : pausedFlowNote(request, config, catalog)
  return [landingNote(landing), paused].filter((n): n is string => !!n)
}
