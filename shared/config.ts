// The site config (HUIKE_CONFIG): brand, persona and greeting for now; campaigns, rules, flows,
// experiments and handoff join this schema in later issues. Strict objects, so a typo is an error
// that names its path instead of a silently ignored key.
import { z } from 'zod'

/** Text in the site's languages: a plain string, or one per language (zh-CN required). */
export const LocalizedTextSchema = z.union([
  z.string().min(1),
  z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1).optional() }),
])
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

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
})
export type SiteConfig = z.infer<typeof SiteConfigSchema>

export function localized(text: LocalizedText, lang: string): string {
  if (typeof text === 'string') return text
  return (lang === 'en' && text.en) || text['zh-CN']
}
