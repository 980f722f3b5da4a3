// The page's JavaScript API, `huike(command, …args)` (CONTRACT §5). The loader queues calls made before
// the app loads and replays them here in order; later calls are forwarded as they come.
import type { Chat } from './chat-state.ts'
import { plain } from './sanitize.ts'
import type { ApiHandler } from './types.ts'

export function createApi(chat: Chat): ApiHandler {
  return (command, ...args) => {
    const [a, b] = args
    switch (command) {
      case 'open':
        return chat.setOpen(true)
      case 'close':
        return chat.setOpen(false)
      case 'toggle':
        return chat.setOpen(!chat.isOpen.value)
      case 'send':
        chat.setOpen(true)
        return chat.send(a)
      case 'identify': {
        // Stored as profile.customer = {id, …traits} with the shop server's proof, identityHash = HMAC(id):
        // the edge trusts the traits only with it. Another id (a shared computer) replaces the last one's.
        const traits = plain(a) as { id?: unknown } | undefined
        if (!traits || typeof traits !== 'object') return
        const hash = (b as { hash?: unknown } | undefined)?.hash
        return chat.ready.then(() => {
          const last = chat.profile.value.customer
          const same = last && (traits.id === undefined || traits.id === last.id)
          chat.mergeProfile({ customer: same ? { ...last, ...traits } : traits, identityHash: typeof hash === 'string' ? hash : same ? chat.profile.value.identityHash : undefined })
        })
      }
      case 'track':
        return chat.track(a, plain(b))
      case 'opener':
        // Internal (the bubble chunk): the proactive text the visitor clicked, shown first in the panel.
        return chat.opener(a)
      case 'page':
        return chat.setPage(a)
      case 'consent':
        return chat.setConsent(!!(a && typeof a === 'object' && (a as { marketing?: unknown }).marketing))
      case 'on':
        return typeof a === 'string' && typeof b === 'function' ? chat.on(a, b as (data?: unknown) => void) : undefined
      case 'forget':
        return chat.forget()
      case 'reset':
        return chat.logout()
      default:
        console.warn('[huike] unknown command:', command)
    }
  }
}
