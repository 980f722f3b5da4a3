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
        // Stored as profile.customer = {id, …traits}; a JSON-safe copy, so storage and requests never choke.
        const traits = plain(a)
        if (!traits || typeof traits !== 'object') return
        return chat.ready.then(() => chat.mergeProfile({ customer: { ...(chat.profile.value.customer as object), ...traits } }))
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
      default:
        console.warn('[huike] unknown command:', command)
    }
  }
}
