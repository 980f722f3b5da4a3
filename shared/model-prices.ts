// The site config's `models`: what each LLM costs, so the report can estimate what the assistant
// costs per conversation and per conversion. Keyed by the model name as HUIKE_MODEL gives it.
import { z } from 'zod'

export const ModelPriceSchema = z.strictObject({
  /** Price of a million prompt tokens. */
  inputPerMillion: z.number().nonnegative(),
  /** Price of a million completion tokens (reasoning tokens are completion tokens). */
  outputPerMillion: z.number().nonnegative(),
  /** ISO 4217, e.g. "USD", "CNY". */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as "USD" or "CNY"'),
})
export type ModelPrice = z.infer<typeof ModelPriceSchema>

export const ModelPricesSchema = z.record(z.string().min(1).max(200), ModelPriceSchema)
export type ModelPrices = z.infer<typeof ModelPricesSchema>
