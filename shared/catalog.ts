// The product catalog record (CONTRACT §3): one schema for loading, validation and the editors' JSON Schema.
import { z } from 'zod'

/** "price must be a number, got \"abc\"": the message names the field and echoes what was there. */
const mustBe = (field: string, what: string) => (i: { code: string; input?: unknown }) =>
  i.code !== 'invalid_type' ? undefined
  : i.input === undefined ? `${field} is required`
  : `${field} must be ${what}, got ${JSON.stringify(i.input)}`

/** A link shown to visitors: http(s) or a path on the shop's own site; never javascript:, data: or //host. */
const link = (field: string) =>
  z.string({ error: mustBe(field, 'text') }).refine((v) => /^https?:\/\/[^\s]+$/i.test(v) || /^\/(?!\/)[^\s]*$/.test(v), {
    error: (i) => `${field} must be an http(s) URL or a path starting with /, got ${JSON.stringify(String(i.input).slice(0, 60))}`,
  })

const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])

export const ProductSchema = z.object({
  id: z.string({ error: mustBe('id', 'text') }).min(1, 'id must not be empty').max(100),
  name: z.string({ error: mustBe('name', 'text') }).min(1, 'name must not be empty'),
  price: z
    .number({ error: mustBe('price', 'a number') })
    .nonnegative({ error: (i) => `price must not be negative, got ${JSON.stringify(i.input)}` }),
  currency: z.string().length(3).default('CNY'),
  category: z.string().optional(),
  brand: z.string().optional(),
  url: link('url').optional(),
  image: link('image').optional(),
  description: z.string().optional(),
  attributes: z.record(z.string(), attributeValue).default({}),
  faq: z.array(z.object({ q: z.string(), a: z.string() })).default([]),
  tags: z.array(z.string()).default([]),
  aliases: z.array(z.string()).default([]),
  related: z.array(z.string()).default([]),
  stock: z.number({ error: mustBe('stock', 'a whole number') }).int().nonnegative().optional(),
  /** A rival's product, kept only for comparisons: never recommended, linked or discounted. */
  competitor: z.boolean({ error: mustBe('competitor', 'true or false') }).default(false),
  warrantyMonths: z.number({ error: mustBe('warrantyMonths', 'a whole number') }).int().nonnegative().optional(),
})
export type Product = z.infer<typeof ProductSchema>
export type ProductInput = z.input<typeof ProductSchema>
