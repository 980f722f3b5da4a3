// The cards under a reply, by type. Card data comes from the stream or from stored history, so only
// well-formed cards of known types are drawn (knownCards); newer edges' types are skipped.
import type { Strings } from '../i18n.ts'
import { knownCards } from '../sanitize.ts'
import type { LeaveMessageSender } from '../leave-message.ts'
import type { CardProduct, CouponCard as Coupon, Lang } from '../types.ts'
import { CompareCard } from './CompareCard.tsx'
import { CouponCard } from './CouponCard.tsx'
import { HandoffCard } from './HandoffCard.tsx'
import { ProductCard } from './ProductCard.tsx'
import { TicketCard } from './TicketCard.tsx'

interface Props {
  cards?: unknown
  s: Strings
  lang: Lang
  onOpen?: (product: CardProduct) => void
  onCopy?: (coupon: Coupon) => void
  /** Sends a handoff card's "leave a message" form (chat.leaveMessage); without it no form is offered. */
  onLeave?: LeaveMessageSender | null
}

export function Cards({ cards, onCopy, onLeave, ...rest }: Props) {
  return (
    <>
      {knownCards(cards).map((c, i) => {
        switch (c.type) {
          case 'product':
            return <ProductCard key={i} card={c.product} {...rest} />
          case 'compare':
            return <CompareCard key={i} card={c} {...rest} />
          case 'handoff':
            return <HandoffCard key={i} card={c} s={rest.s} sender={onLeave} />
          case 'ticket':
            return <TicketCard key={i} card={c} s={rest.s} />
          case 'coupon':
            return <CouponCard key={i} card={c} s={rest.s} onCopy={onCopy} />
        }
      })}
    </>
  )
}
