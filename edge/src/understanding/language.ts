// The language to answer in: the page's, unless the visitor plainly writes in the other one (an
// English question on a Chinese page is answered in English, and the other way round). Short or
// mixed messages ("ok", "X5 多少钱") keep the page's language.
import type { Lang } from '../../../shared/protocol.ts'

const HAN = /\p{Script=Han}/gu
const LATIN_WORD = /[A-Za-z]{2,}/g

export function replyLanguage(page: Lang, text: string): Lang {
  const han = text.match(HAN)?.length ?? 0
  const words = text.match(LATIN_WORD)?.length ?? 0
  if (page === 'zh-CN' && han === 0 && words >= 2) return 'en'
  if (page === 'en' && han >= 2 && words === 0) return 'zh-CN'
  return page
}
