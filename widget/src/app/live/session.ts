// The chat's side of a live handoff, in the app chunk: the conversation's state and the person's typing
// as signals, stored and shared with the other tabs, and the lazily loaded channel (live/index.ts)
// started while a conversation is open and stopped once it closed. Kept small: the transport, resume
// and tab leadership are in the channel's own file.
import { signal } from '../state.ts'
import type { SyncMessage } from '../sync.ts'
import type { Message } from '../types.ts'
import type { KV } from '../storage.ts'
import { loadLive } from './load.ts'
import type { LiveChannel, LiveState } from './types.ts'

export interface LiveSessionOptions {
  endpoint: string
  kv: KV
  fetch: typeof fetch
  messages: { readonly value: Message[] }
  /** A finished message: shown, stored, told to the other tabs. */
  publish(m: Message): void
  /** Tells the visitor's other tabs. */
  post(msg: SyncMessage): void
  visitorId(): string
  token(): Promise<string | undefined>
  /** A person closed the conversation they held (the moment to ask for 1–5). */
  closed(): void
}

export function createLiveSession(o: LiveSessionOptions) {
  const state = signal<LiveState | null>(null)
  /** The person's name while they type. */
  const typing = signal('')
  let channel: Promise<LiveChannel | undefined> | undefined
  const isOpen = () => !!state.value && state.value.status !== 'closed'
  const open = () => (channel ??= loadLive().then((m) => m?.startLive({ ...o, state, update: (s) => set(s, true), typing: tell })))
  function stop() {
    void channel?.then((c) => c?.stop())
    channel = undefined
  }
  function tell(name: string) {
    typing.value = name
    o.post({ t: 'typing', name })
  }

  /** A state from this tab (`mine`: stored and told to the others), another tab, or the store. */
  function set(s: LiveState | null, mine: boolean) {
    const was = state.value?.status
    state.value = s
    if (mine) {
      void o.kv.set('live', s)
      o.post({ t: 'live', s })
    }
    if (s?.status !== 'closed') return void (s && open())
    typing.value = ''
    stop()
    if (s.outcome === 'closed' && was && was !== 'closed') o.closed()
  }

  return {
    state, typing, set, stop, isOpen,
    /** To the person holding the conversation; false when nobody holds it or the edge did not take it. */
    async send(text: string): Promise<boolean> {
      return state.value?.status === 'active' && !!(await (await open())?.send(text))
    },
    /** Back to the assistant, whenever the visitor wants (the banner's button). */
    leave() {
      const s = state.value
      if (s && isOpen()) void open().then((c) => (c ? c.leave() : set({ ...s, status: 'closed', outcome: 'released' }, true)))
    },
    /** `forget`: nothing open any more, here or in the store (cleared by the caller). */
    reset() {
      stop()
      state.value = null
      typing.value = ''
    },
  }
}

export type LiveSession = ReturnType<typeof createLiveSession>
