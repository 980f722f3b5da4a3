// One message: the visitor's text as typed, the assistant's through the safe markdown subset, then cards.
import { Markdown } from '../markdown.tsx'
import type { Strings } from '../i18n.ts'
import type { Lang, Message as Msg, CardProduct, CouponCard } from '../types.ts'
import { Cards } from './Cards.tsx'

interface Props {
  m: Msg
  s: Strings
  lang: Lang
  onCard?: (card: CardProduct) => void
  onCopy?: (coupon: CouponCard) => void
}

export function Message({ m, s, lang, onCard, onCopy }: Props) {
  return (
    <div part="message" data-role={m.role} class={`msg ${m.role}`}>
      {m.text || m.status === 'stopped' ? (
        <div class={m.status === 'streaming' ? 'bubble live' : 'bubble'}>
          {m.role === 'assistant' ? <Markdown text={m.text} /> : m.text}
          {m.status === 'stopped' ? <div class="stopped">{s.stopped}</div> : null}
        </div>
      ) : null}
      <Cards cards={m.cards} s={s} lang={lang} onOpen={onCard} onCopy={onCopy} />
    </div>
  )
}
