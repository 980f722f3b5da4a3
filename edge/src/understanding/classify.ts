// Intent and sentiment of one chat turn: two naive Bayes models trained from the labelled examples,
// then a few deterministic rules where the customer's brief is explicit (asking for a person is
// always `human`; the named emotion signals set a floor under the sentiment). Local and synchronous:
// it runs before the first token, with or without an LLM.
import { INTENTS, SENTIMENTS, type ChatMessage, type Intent, type Lang, type Sentiment } from '../../../shared/protocol.ts'
import { best, NaiveBayes, type NaiveBayesOptions } from './bayes.ts'
import { earlierUserTurns, hasWords, readSignals, signalNames, type EmotionSignals } from './signals.ts'
import { concepts } from './concepts.ts'
import { normalize, tokens } from './text.ts'

export interface Example {
  text: string
  intent: Intent
  sentiment: Sentiment
  /** Earlier user turns, oldest first: only for examples whose label depends on them (a repeat). */
  before?: string[]
}

export interface TurnUnderstanding {
  intent: Intent
  sentiment: Sentiment
  /** 0–1: how sure each label is. Rules that fire are sure; the models say how close the call was. */
  confidence: { intent: number; sentiment: number }
  /** Why: the emotion signals seen and the rules that decided, e.g. `exclamation`, `asks-for-human`. */
  signals: string[]
}

export interface TurnContext {
  /** The question names or follows up on a catalog product: then a vague turn is presales. */
  aboutProduct?: boolean
  /**
   * The visitor is answering the assistant's own question (a guided flow's slot): "跳过" or "都可以"
   * three times is then three answers, not a repeated question or impatient pinging.
   */
  answering?: boolean
  /**
   * A calm question about a catalog product, with no after-sales claim ("滤网多久换一次", "能过多高的
   * 门槛", "HEPA滤网吗", "这款送礼合适吗"): its words are about the product, so only an unmistakable
   * request for a person, insults, exclamation runs or a grievance outside a worry change its intent
   * or mood (dialogue/product-question.ts decides it).
   */
  productQuestion?: boolean
  /**
   * The shop's own words, upper-cased ("HEPA", "LUMO", "HEADLAMP"): a product name, term or unit in
   * capitals is not shouting (product-terms.ts reads it from the turn's products).
   */
  isTerm?: (word: string) => boolean
}

/**
 * Asking for a person is the one intent the brief makes absolute. Narrow on purpose: "你是真人吗"
 * (is this a bot?) and "投诉你们客服" (a complaint about staff) must not match.
 */
const ASKS_FOR_HUMAN =
  /转(?:接)?(?:到|个)?人工|人工(?:客服|服务|坐席)|(?:找|要|叫|接|来)(?:个)?(?:真人|人工|客服)|真人客服|(?:找|来|换)个?人(?:来|跟我|吧|$)|(?:talk|speak|chat)(?: with| to) (?:a |an )?(?:human|real person|person|agent|representative)|\b(?:human|live|real) agent\b|(?:need|want|get me) (?:a |an )?(?:real )?(?:human|person)\b/i

/**
 * Inside a question about a product, only an unmistakable request for a person counts: "X5 的定位
 * 要找客服开通吗" asks how to switch on a feature, "这是真人试戴图吗" asks about a photo.
 */
const ASKS_FOR_HUMAN_CLEARLY =
  /转(?:接)?(?:到|个)?人工|人工(?:客服|服务|坐席)|(?:找|要|叫|接|来)(?:个)?人工|真人客服|(?:^|[,，。!！\s])(?:我要|我想|帮我|给我)?(?:找|叫|转|换)(?:个)?(?:真人|客服)(?:吧|来|好了)?\s*(?:[,，。!！]|$)|(?:talk|speak|chat)(?: with| to) (?:a |an )?(?:human|real person|person|agent|representative)|\b(?:human|live|real) agent\b|(?:need|want|get me) (?:a |an )?(?:real )?(?:human|person)\b/i

/**
 * A question about what is answering ("你是机器人吗", "are you a bot") is small talk, even though
 * it names 人工/真人/bot like a request for a person does. The brief's own example.
 */
const ASKS_WHAT_YOU_ARE =
  /(?:你|您)是(?:不是)?(?:个|一个)?(?:机器人|真人|人工|ai|客服机器人|真的人|人还是|机器)|这是(?:不是)?(?:真人|人工|客服机器人|真的人)(?=吗|么|嘛|[?？]|$|还是|回复|在回)|这是人还是|是(?:人工|真人)(?:吗|么|嘛)|(?:^|请问|这|那边|对面)\s*是(?:不是)?(?:机器人|ai)(?:吗|么|嘛|[?？]|$)|ai还是人|人还是机器|are you (?:a |an )?(?:bot|human|real|ai|robot)|is this (?:a )?(?:chat)?bot|am i (?:talking|chatting) (?:to|with) a (?:real|bot|human)/i

/**
 * Below this, a model-only "angry"/"negative" (no emotion signal in sight) is read as neutral: being
 * handed to a person or losing the offers over a hunch ("商务" scored angry at 0.38) is worse than
 * missing a mild mood, which the next turn's signals still catch.
 */
const UNSURE_MOOD = 0.55

/** Below this, a non-presales guess about an answer to a flow's question is not trusted. */
const UNSURE_ANSWER = 0.5

/** Cues that keep a product question about deals a promotion question. */
const OFFER_CUES = new Set(['@discount', '@campaign'])
/** Cues of a real problem: an answer to a flow's question that carries one is not second-guessed. */
const PROBLEM_CUES = new Set(['@insult', '@complain', '@human', '@botrefusal', '@refund', '@return', '@broken', '@order', '@delivery', '@slow'])

/**
 * A worry or a hypothetical, not a grievance: "会不会不好用", "担心买了后悔", "is it likely to be
 * useless in winter?". A negative word inside one does not make a product question negative.
 */
const WORRY = /会不会|会不|会.{0,8}(?:吗|么|嘛)|担心|怕|万一|如果|要是|容易|是否|是不是|有没有可能|\b(?:will|would|could) it\b|\bworried\b|\bafraid\b|\bin case\b|\bif\b|\blikely\b/i

/** Confidence when a rule rather than a model decides. */
const RULE_CONFIDENCE = 0.95

const INTENT_OPTIONS: NaiveBayesOptions = { alpha: 1 }
const SENTIMENT_OPTIONS: NaiveBayesOptions = { alpha: 1 }
/** Softens NB's overconfident posteriors; chosen by cross-validated calibration on the training set. */
const TEMPERATURE = 2
/** A concept (or signal) token counts as this many n-grams: one cue group outweighs a stray character. */
const CUE_WEIGHT = 4

const repeat = (cues: readonly string[]) => cues.flatMap((c) => Array<string>(CUE_WEIGHT).fill(c))

/** Everything both models read from one text, computed once (this is most of the training time). */
interface Features {
  intent: string[]
  sentiment: string[]
  /** The concept cues of the text (concepts.ts). */
  cues: string[]
}

/** Sentiment sees the same n-grams and cues plus one token per emotion signal of the text itself (not its conversation). */
function features(text: string, s: EmotionSignals): Features {
  const grams = tokens(text)
  const cues = concepts(normalize(text))
  const own = signalNames({ ...s, repeats: 0, shortTurns: false }).map((n) => `#${n}`)
  return { intent: [...grams, ...repeat(cues)], sentiment: [...grams, ...repeat([...cues, ...own])], cues }
}

export interface Classifier {
  classify(text: string, earlier?: readonly string[], context?: TurnContext): TurnUnderstanding
}

export function trainClassifier(examples: readonly Example[], temperature = TEMPERATURE): Classifier {
  // Examples labelled by their conversation (a repeat) teach the models nothing about their text.
  const own = examples.filter((e) => !e.before?.length)
  const seen = own.map((e) => ({ e, f: features(e.text, readSignals(e.text, [])) }))
  const intentModel = NaiveBayes.train(INTENTS, seen.map(({ e, f }) => ({ tokens: f.intent, label: e.intent })), { ...INTENT_OPTIONS, temperature })
  const sentimentModel = NaiveBayes.train(SENTIMENTS, seen.map(({ e, f }) => ({ tokens: f.sentiment, label: e.sentiment })), { ...SENTIMENT_OPTIONS, temperature })

  function classifyIntent(text: string, f: Features, context: TurnContext, signals: string[]): { intent: Intent; confidence: number } {
    if ((context.productQuestion ? ASKS_FOR_HUMAN_CLEARLY : ASKS_FOR_HUMAN).test(text)) {
      signals.push('asks-for-human')
      return { intent: 'human', confidence: RULE_CONFIDENCE }
    }
    if (!context.productQuestion && ASKS_WHAT_YOU_ARE.test(text)) {
      signals.push('asks-what-you-are')
      return { intent: 'other', confidence: RULE_CONFIDENCE }
    }
    if (!hasWords(text)) {
      signals.push('no-words')
      return { intent: 'other', confidence: RULE_CONFIDENCE }
    }
    const p = intentModel.probabilities(f.intent)
    const { label, p: sure } = best(INTENTS, p, 'other')
    // A question about a product is presales whatever its words ("滤网多久换一次", "能过多高的门槛"),
    // unless it asks about the deals on it ("X5 有优惠吗" stays a promotion question).
    if (context.productQuestion && label !== 'presales') {
      if (label === 'promotion' && f.cues.some((c) => OFFER_CUES.has(c))) return { intent: label, confidence: sure }
      signals.push('product-question')
      return { intent: 'presales', confidence: p[INTENTS.indexOf('presales')]! }
    }
    // "续航呢" right after a product question: too vague alone, clear in context.
    if (label === 'other' && context.aboutProduct && sure < 0.8) {
      signals.push('about-product')
      return { intent: 'presales', confidence: 1 - sure }
    }
    // "简约" answering a guided-selling question: an answer, not a complaint the model half-guessed.
    if (context.answering && label !== 'presales' && label !== 'other' && sure < UNSURE_ANSWER && !f.cues.some((c) => PROBLEM_CUES.has(c))) {
      signals.push('answering')
      return { intent: 'presales', confidence: p[INTENTS.indexOf('presales')]! }
    }
    return { intent: label, confidence: sure }
  }

  function classifySentiment(text: string, f: Features, s: EmotionSignals, intent: Intent, context: TurnContext): { sentiment: Sentiment; confidence: number } {
    const p = sentimentModel.probabilities(f.sentiment)
    // A product question's mood comes from its explicit signals only: the model reads 门槛/担心/坏 as
    // upset. Capitals alone are a caps-lock question; a worry ("会不会不好用", "担心后悔") is not a grievance.
    if (context.productQuestion) {
      if (s.angryWord || s.exclamation) return { sentiment: 'angry', confidence: RULE_CONFIDENCE }
      if (s.negativeWord && !WORRY.test(text)) return { sentiment: 'negative', confidence: RULE_CONFIDENCE }
      return { sentiment: 'neutral', confidence: p[SENTIMENTS.indexOf('neutral')]! }
    }
    const model = best(SENTIMENTS, p, 'neutral')
    // Thanks with exclamation marks, in capitals or said twice is delight, not anger — unless it also insults.
    const pleased = s.positiveWord && !s.angryWord && !s.negativeWord
    // A question asked a third time is anger; a third "在吗" is impatience (see signals.ts).
    const angry = s.angryWord || ((s.exclamation || s.shouting || (s.repeats >= 2 && intent !== 'other')) && !pleased)
    const negative = s.negativeWord || ((s.repeats >= 1 || s.shortTurns) && !pleased)
    const votes = [s.angryWord, s.exclamation, s.shouting, s.negativeWord, s.repeats > 0, s.shortTurns].filter(Boolean).length
    const ruled = Math.min(RULE_CONFIDENCE, 0.6 + 0.1 * votes)
    if (angry) return { sentiment: 'angry', confidence: Math.max(ruled, p[SENTIMENTS.indexOf('angry')]!) }
    if (negative && model.label !== 'angry') {
      return { sentiment: 'negative', confidence: Math.max(ruled, p[SENTIMENTS.indexOf('negative')]!) }
    }
    // Only a model-only mood is doubted: with a signal in sight, the rules above have decided.
    if (!negative && (model.label === 'angry' || model.label === 'negative') && model.p < UNSURE_MOOD) {
      return { sentiment: 'neutral', confidence: p[SENTIMENTS.indexOf('neutral')]! }
    }
    return { sentiment: model.label, confidence: model.p }
  }

  return {
    classify(text, earlier = [], context = {}) {
      const s = readSignals(text, context.answering ? [] : earlier, context.isTerm)
      const f = features(text, s)
      const signals = signalNames(s)
      const { intent, confidence: intentConfidence } = classifyIntent(text, f, context, signals)
      const { sentiment, confidence: sentimentConfidence } = classifySentiment(text, f, s, intent, context)
      return { intent, sentiment, confidence: { intent: intentConfidence, sentiment: sentimentConfidence }, signals }
    },
  }
}

/** Checks the labelled file's shape at load: a typo in a label must fail loudly, not train silently. */
export function parseExamples(data: unknown, source: string): Example[] {
  if (!Array.isArray(data)) throw new Error(`${source}: expected an array of examples`)
  return data.map((raw: Record<string, unknown>, i) => {
    const { text, intent, sentiment, before } = raw
    if (typeof text !== 'string' || !INTENTS.includes(intent as Intent) || !SENTIMENTS.includes(sentiment as Sentiment)) {
      throw new Error(`${source}[${i}]: needs text, an intent (${INTENTS.join('|')}) and a sentiment (${SENTIMENTS.join('|')})`)
    }
    return { text, intent: intent as Intent, sentiment: sentiment as Sentiment, ...(Array.isArray(before) && { before: before.map(String) }) }
  })
}

/** Classify the newest user message, reading the earlier user turns for repetition. `lang` is part of the seam; the models know both languages. */
export function classifyWith(classifier: Classifier, messages: readonly ChatMessage[], _lang: Lang, context: TurnContext = {}): TurnUnderstanding {
  const text = messages.findLast((m) => m.role === 'user')?.content ?? ''
  return classifier.classify(text, earlierUserTurns(messages), context)
}
