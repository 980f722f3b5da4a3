// Keeps the visitor's tabs in step over BroadcastChannel('huike'): a finished message, a profile change,
// `forget` and the live conversation's state (relayed by the tab holding its connection) are announced; the receiving tab only updates its view (the sender already stored it,
// and nothing is ever re-sent). Without BroadcastChannel each tab simply works alone.
import type { LiveState } from './live/types.ts'
import type { Message, VisitorProfile } from './types.ts'

export type SyncMessage =
  | { t: 'msg'; m: Message }
  | { t: 'profile'; p: VisitorProfile }
  | { t: 'forget' }
  /** The live conversation moved on (live/): the leading tab tells the others; a closed one lets go. */
  | { t: 'live'; s: LiveState | null }
  /** The person's name while they type, '' when they stop. */
  | { t: 'typing'; name: string }

export interface Sync {
  post(msg: SyncMessage): void
  close(): void
}

export function openSync(onMessage: (msg: SyncMessage) => void, name = 'huike'): Sync {
  let ch: BroadcastChannel | undefined
  try {
    ch = new BroadcastChannel(name)
    ch.onmessage = (e: MessageEvent) => {
      const msg = e.data as SyncMessage | null
      if (msg && typeof msg === 'object' && typeof msg.t === 'string') onMessage(msg)
    }
  } catch {
    ch = undefined
  }
  return {
    post(msg) {
      try {
        ch?.postMessage(msg)
      } catch {
        // a closed channel or an uncloneable value must not break the chat
      }
    },
    close() {
      ch?.close()
    },
  }
}
