// Text a site writes in its languages (Chinese first, English optional), and reading it for a visitor.
import { z } from 'zod'

/** Text in the site's languages: a plain string, or one per language (zh-CN required). */
export const LocalizedTextSchema = z.union([
  z.string().min(1),
  z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1).optional() }),
])
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

export function localized(text: LocalizedText, lang: string): string {
  if (typeof text === 'string') return text
  return (lang === 'en' && text.en) || text['zh-CN']
}
