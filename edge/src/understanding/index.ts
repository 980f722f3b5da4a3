// The default classifier, trained once at module load from the labelled examples bundled beside it
// (a JSON module, so the same code runs on Node and in workerd). Training is one counting pass over
// a few hundred short texts; see bayes.ts for why it is not a generated weights file.
import type { ChatMessage, Lang } from '../../../shared/protocol.ts'
import { classifyWith, parseExamples, trainClassifier, type TurnContext, type TurnUnderstanding } from './classify.ts'
import trainingData from './train.json'

export type { TurnContext, TurnUnderstanding } from './classify.ts'

export const trainingExamples = parseExamples(trainingData, 'understanding/train.json')
const classifier = trainClassifier(trainingExamples)

/** What the visitor wants (intent) and how they feel (sentiment) in the newest user message of the conversation. */
export function classifyTurn(messages: readonly ChatMessage[], lang: Lang, context: TurnContext = {}): TurnUnderstanding {
  return classifyWith(classifier, messages, lang, context)
}
