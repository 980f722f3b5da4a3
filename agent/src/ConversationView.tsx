// One conversation: who holds it and the actions that fit its state, the transcript, the reply box,
// and what is known of the visitor beside it.
import { useCallback } from 'preact/hooks'
import type { ConsoleState, Notice } from './console-state.ts'
import type { Strings } from './i18n.ts'
import { ReplyBox } from './ReplyBox.tsx'
import { Transcript } from './Transcript.tsx'
import { VisitorInfo } from './VisitorInfo.tsx'

function noticeText(n: Notice, s: Strings): string {
  if (n.kind === 'failed') return s.failed
  if (n.kind === 'ended') return s.closed
  return n.by ? s.takenBy(n.by) : s.takenByOther
}

export function ConversationView({ state, s }: { state: ConsoleState; s: Strings }) {
  const c = state.open.value
  const id = c?.id
  const onTyping = useCallback((typing: boolean) => id && state.typing(id, typing), [id, state])
  if (!c) return <section class="conversation empty"><p class="muted">{s.pick}</p></section>

  const mine = c.status === 'active' && c.agent?.id === state.agent.id
  const held = c.status === 'active' && !mine && c.agent
  const notice = state.notice.value
  return (
    <>
      <section class="conversation" aria-label={s.reasons[c.reason]} data-status={c.status}>
        <header class="conversation-head">
          <div>
            <h2>{s.reasons[c.reason]}</h2>
            <p class="muted">
              {c.status === 'closed' ? s.closed : mine ? s.heldBy(s.you) : held ? s.heldBy(held.name) : s.groups[c.status]}
            </p>
          </div>
          <div class="actions">
            {c.status === 'waiting' && <button type="button" class="primary" onClick={() => void state.act(c.id, 'take')}>{s.take}</button>}
            {mine && <button type="button" onClick={() => void state.act(c.id, 'release')}>{s.release}</button>}
            {mine && <button type="button" class="danger" onClick={() => void state.act(c.id, 'close')}>{s.close}</button>}
          </div>
        </header>
        {notice && <p class="notice" role="alert">{noticeText(notice, s)}</p>}
        {c.messages ? <Transcript messages={c.messages} me={state.agent} s={s} /> : <div class="transcript loading" aria-busy="true" />}
        {mine ? (
          <ReplyBox key={c.id} s={s} quickReplies={state.quickReplies.value} onSend={(text) => state.send(c.id, text)} onTyping={onTyping} />
        ) : (
          c.status === 'waiting' && <p class="muted hint">{s.takeToReply}</p>
        )}
      </section>
      {c.visitor && <VisitorInfo visitor={c.visitor} s={s} />}
    </>
  )
}
