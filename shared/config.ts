// The site config (HUIKE_CONFIG): brand, persona, greeting and the product-knowledge vocabulary;
// campaigns, rules, flows, experiments and handoff join this schema in later issues. Strict objects, so a typo is an error
// that names its path instead of a silently ignored key.
import { z } from 'zod'

/** Text in the site's languages: a plain string, or one per language (zh-CN required). */
export const LocalizedTextSchema = z.union([
  z.string().min(1),
  z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1).optional() }),
])
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

/**
 * How visitors ask about one catalog attribute: "多重", "weight" → 重量. The edge has a built-in
 * table (edge/src/knowledge/default-attributes.ts); a site's entry with the same key replaces the
 * built-in one, a new key adds an attribute (机芯, 表径…) without code. `price` and `stock` are the
 * record's own fields rather than attributes.
 */
export const AttributeSynonymsSchema = z.strictObject({
  key: z.string().min(1),
  /** Other catalog keys that answer the same question, most specific first ("色号", "色系"). */
  also: z.array(z.string().min(1)).default([]),
  /** Words that ask for it; matched case-insensitively, Latin words as whole words. */
  synonyms: z.array(z.string().min(1)).min(1),
  /** How answers name it; default: the key. */
  label: LocalizedTextSchema.optional(),
  /** A quick reply asking for it, `{name}` standing for the product: "{name} 有多重？". */
  ask: LocalizedTextSchema.optional(),
})
export type AttributeSynonyms = z.infer<typeof AttributeSynonymsSchema>

/** Words for a catalog category or tag, for recommendation filters: "油性皮肤", "oily skin" → 油皮. */
export const TermSynonymsSchema = z.strictObject({
  term: z.string().min(1),
  synonyms: z.array(z.string().min(1)).min(1),
})
export type TermSynonyms = z.infer<typeof TermSynonymsSchema>

export const KnowledgeConfigSchema = z.strictObject({
  attributes: z.array(AttributeSynonymsSchema).default([]),
  terms: z.array(TermSynonymsSchema).default([]),
})
export type KnowledgeConfig = z.infer<typeof KnowledgeConfigSchema>

export const SiteConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  brand: z.strictObject({
    name: LocalizedTextSchema,
    color: z.string().regex(/^#[0-9a-fA-F]{3,8}$/).optional(),
  }),
  persona: z.strictObject({
    name: LocalizedTextSchema,
    /** How the assistant speaks, in a sentence or two; goes into the system prompt. */
    style: LocalizedTextSchema,
  }),
  greeting: z.strictObject({
    text: LocalizedTextSchema,
    suggestions: z.array(LocalizedTextSchema).max(6).default([]),
  }),
  /** The site's own words for attributes and categories, on top of the built-in ones. */
  knowledge: KnowledgeConfigSchema.default({ attributes: [], terms: [] }),
})
export type SiteConfig = z.infer<typeof SiteConfigSchema>

export function localized(text: LocalizedText, lang: string): string {
  if (typeof text === 'string') return text
  return (lang === 'en' && text.en) || text['zh-CN']
}
