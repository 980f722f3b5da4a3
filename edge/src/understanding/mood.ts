// The visitor's mood as the rest of the edge acts on it: unhappy (negative or angry) turns get
// concise answers and no promotion; an upset turn (unhappy, or a complaint) shows nothing to sell.
import type { Intent, Sentiment } from '../../../shared/protocol.ts'

export const isUnhappy = (sentiment: Sentiment | undefined): boolean => sentiment === 'negative' || sentiment === 'angry'

export const isUpset = ({ intent, sentiment }: { intent?: Intent; sentiment?: Sentiment }): boolean =>
  isUnhappy(sentiment) || intent === 'complaint'
