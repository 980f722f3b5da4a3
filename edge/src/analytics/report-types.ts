// The admin report's shape: what analytics/report.ts computes and report/render.ts draws.
import type { Experiment, ExperimentDesign } from './experiment-results.ts'
import type { GapGroup, TopicReview } from './gaps.ts'
import type { LiveOutcomesReport } from './live-outcomes.ts'
import type { ModelPrices } from '../../../shared/model-prices.ts'
import type { UsageReport } from './usage-totals.ts'

export interface ReportOptions {
  /** Attribution window (ms); default 7 days. */
  windowMs?: number
  /** When the report was made (epoch ms); default the newest event's time. */
  now?: number
  /** The config's `models`: LLM prices for the estimated cost; none: tokens only. */
  prices?: ModelPrices
  /**
   * The config's `experiments` (ExperimentConfig fits): each one's first variant is its control and
   * its weights are what the split is checked against. An experiment not given here is compared with
   * its first variant alphabetically, and its split is not checked.
   */
  experiments?: readonly ExperimentDesign[]
}

export interface Breakdown {
  key: string
  visitors: number
  /** Visitors with a (not fully refunded) purchase attributed to this key. */
  converted: number
  rate: number
  orders: number
  revenue: number
}

export interface Report {
  generatedAt: number
  from?: number
  to?: number
  windowMs: number
  events: number
  visitors: number
  sessions: number
  /** Sessions with at least one message_sent. */
  conversations: number
  responseTime: { count: number; p50?: number; p90?: number; p95?: number; p99?: number; histogram: { from: number; to: number; count: number }[] }
  funnel: { step: string; visitors: number }[]
  revenue: { orders: number; gross: number; refunds: number; net: number; refundedOrders: number }
  byCampaign: Breakdown[]
  byKeyword: Breakdown[]
  bySource: Breakdown[]
  byRule: Breakdown[]
  /** Where visitors talked to the assistant: web (the widget), wechat, wecom, api. */
  byChannel: Breakdown[]
  handoff: { sessions: number; share: number; reasons: { reason: string; count: number }[] }
  /** Live handoffs to a person: taken, time to the first human answer, how they ended, satisfaction after. */
  live: LiveOutcomesReport
  satisfaction: { day: string; csat?: number; csatN: number; up: number; down: number; share?: number }[]
  intents: { intent: string; count: number }[]
  experiments: Experiment[]
  gaps: GapGroup[]
  topics: TopicReview[]
  /** LLM tokens and estimated cost (usage-totals.ts). */
  usage: UsageReport
}
