// The report's token usage and estimated LLM cost. The edge records each answer's usage on its
// `message_sent` event (turn-log.ts: `usage: {model, prompt, completion, reasoning?}`); here it is
// summed per model and priced with the site config's `models` (prices per million tokens). Cost is
// an estimate: prompt × input price + completion × output price; reasoning tokens are part of the
// completion (as providers bill them); cached-prompt discounts are not known here, so the estimate
// errs high. Per conversation: over sessions with a message; per conversion: over kept orders.
import type { ModelPrices } from '../../../shared/model-prices.ts'
import type { StoredEvent } from '../store/types.ts'

export interface ModelUsageRow {
  model: string
  /** Answers that reported usage. */
  turns: number
  prompt: number
  completion: number
  reasoning: number
  /** Estimated, in `currency`; unset when the config has no price for the model. */
  cost?: number
  currency?: string
}

export interface CostLine {
  currency: string
  total: number
  /** Over `conversations`; unset when there were none. */
  perConversation?: number
  /** Over `conversions`; unset when there were none. */
  perConversion?: number
}

export interface UsageReport {
  turns: number
  prompt: number
  completion: number
  reasoning: number
  /** Most tokens first. */
  byModel: ModelUsageRow[]
  /** One line per currency of the priced models; empty without prices. */
  cost: CostLine[]
  /** Models with usage but no price in the config: their tokens are in no cost line. */
  unpriced: string[]
  /** Sessions with at least one message (Report.conversations). */
  conversations: number
  /** Orders kept (Report.revenue.orders). */
  conversions: number
}

const tokens = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e9 ? Math.round(value) : 0)

export class UsageTotals {
  private readonly models = new Map<string, ModelUsageRow>()

  add(e: StoredEvent): void {
    if (e.type !== 'message_sent') return
    const usage = e.props.usage
    if (typeof usage !== 'object' || usage === null) return
    const u = usage as Record<string, unknown>
    if (typeof u.model !== 'string' || !u.model || u.model.length > 200) return
    const row = this.models.get(u.model) ?? { model: u.model, turns: 0, prompt: 0, completion: 0, reasoning: 0 }
    this.models.set(u.model, row)
    row.turns++
    row.prompt += tokens(u.prompt)
    row.completion += tokens(u.completion)
    row.reasoning += tokens(u.reasoning)
  }

  finish(prices: ModelPrices, conversations: number, conversions: number): UsageReport {
    const byModel = [...this.models.values()].sort((a, b) => b.prompt + b.completion - (a.prompt + a.completion) || a.model.localeCompare(b.model))
    const totals = new Map<string, number>()
    const unpriced: string[] = []
    for (const row of byModel) {
      const price = Object.hasOwn(prices, row.model) ? prices[row.model] : undefined
      if (!price) {
        unpriced.push(row.model)
        continue
      }
      row.cost = (row.prompt * price.inputPerMillion + row.completion * price.outputPerMillion) / 1e6
      row.currency = price.currency
      totals.set(price.currency, (totals.get(price.currency) ?? 0) + row.cost)
    }
    const sum = (key: 'turns' | 'prompt' | 'completion' | 'reasoning') => byModel.reduce((s, r) => s + r[key], 0)
    return {
      turns: sum('turns'),
      prompt: sum('prompt'),
      completion: sum('completion'),
      reasoning: sum('reasoning'),
      byModel,
      cost: [...totals].map(([currency, total]) => ({
        currency,
        total,
        ...(conversations && { perConversation: total / conversations }),
        ...(conversions && { perConversion: total / conversions }),
      })),
      unpriced,
      conversations,
      conversions,
    }
  }
}
