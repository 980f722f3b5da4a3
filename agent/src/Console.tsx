// The signed-in console: one live stream for all conversations, the queue, the open conversation, and
// the unread total in the tab title so a person in another tab sees someone is waiting.
import { effect } from '@preact/signals'
import { useEffect, useMemo } from 'preact/hooks'
import { agentApi } from './api.ts'
import { createConsoleState } from './console-state.ts'
import { ConversationView } from './ConversationView.tsx'
import type { Lang, Strings } from './i18n.ts'
import { openAgentStream } from './live-stream.ts'
import { QueueList } from './QueueList.tsx'
import type { Session } from './session.ts'

export interface ConsoleProps {
  session: Session
  s: Strings
  lang: Lang
  base: string
  fetch?: typeof fetch
  onLogout: () => void
}

export function Console({ session, s, lang, base, fetch: f, onLogout }: ConsoleProps) {
  const state = useMemo(() => createConsoleState(agentApi({ base, token: session.token, agent: session.agent, fetch: f }), session.agent), [session, base, f])

  useEffect(() => {
    void state.loadConfig(lang)
    let reconnected = false
    let stream: { close(): void } | undefined
    let stopped = false
    // The list first, then the stream: a list answer that arrived after the stream's news would undo it.
    const listed = state.refresh().catch(() => {})
    const connect = () => openAgentStream({
      url: `${base}/v1/agent/stream`,
      token: session.token,
      fetch: f,
      onEvent: state.applyEvent,
      onState: (next) => {
        // Resume replays what was missed; the list is read again in case the edge could not keep it all.
        if (next === 'live' && reconnected) void state.refresh().catch(() => {})
        if (next === 'reconnecting') reconnected = true
        if (next === 'unauthorized') onLogout()
        state.connection.value = next
      },
    })
    void listed.then(() => {
      if (!stopped) stream = connect()
    })
    const tick = setInterval(() => (state.now.value = Date.now()), 1000)
    const title = effect(() => {
      const n = state.unreadTotal.value
      document.title = n ? `(${n}) ${s.title}` : s.title
    })
    return () => {
      stopped = true
      stream?.close()
      clearInterval(tick)
      title()
    }
  }, [state])

  const connection = state.connection.value
  return (
    <div class="console">
      <header class="topbar">
        <h1>{s.title}</h1>
        <span class={`connection ${connection}`} role="status">{connection === 'live' ? s.live : connection === 'connecting' ? s.connecting : s.reconnecting}</span>
        <span class="who">{s.signedInAs(session.agent.name)}</span>
        <button type="button" class="link" onClick={onLogout}>{s.logout}</button>
      </header>
      <div class="panes">
        <QueueList state={state} s={s} />
        <ConversationView state={state} s={s} />
      </div>
    </div>
  )
}
