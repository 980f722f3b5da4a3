// The queue: waiting, active, recently closed; each row says why, how long, the last words and unread.
import type { ConversationStatus, ConversationSummary } from '../../shared/live.ts'
import type { ConsoleState } from './console-state.ts'
import type { Strings } from './i18n.ts'
import { elapsed } from './queue.ts'

const GROUPS: ConversationStatus[] = ['waiting', 'active', 'closed']

function Row({ c, state, s }: { c: ConversationSummary; state: ConsoleState; s: Strings }) {
  const unread = state.unread.value[c.id] ?? 0
  const { m, s: sec } = elapsed(c.since, state.now.value)
  const selected = state.openId.value === c.id
  return (
    <li>
      <button type="button" class={`row status-${c.status}${selected ? ' selected' : ''}`} data-id={c.id} aria-current={selected ? 'true' : undefined} onClick={() => void state.select(c.id)}>
        <span class="row-top">
          <span class={`reason reason-${c.reason}`}>{s.reasons[c.reason]}</span>
          {c.status === 'waiting' && <span class="waited">{s.waited(s.duration(m, sec))}</span>}
          {c.status === 'active' && c.agent && <span class="holder">{c.agent.id === state.agent.id ? s.heldBy(s.you) : s.heldBy(c.agent.name)}</span>}
          {unread > 0 && <span class="unread" aria-label={s.unread(unread)}>{unread}</span>}
        </span>
        <span class="preview">{c.last ? c.last.content : s.noMessages}</span>
      </button>
    </li>
  )
}

export function QueueList({ state, s }: { state: ConsoleState; s: Strings }) {
  const groups = state.queue.value
  const empty = GROUPS.every((g) => groups[g].length === 0)
  return (
    <nav class="queue" aria-label={s.queue}>
      {empty && <p class="muted empty">{s.emptyQueue}</p>}
      {GROUPS.filter((g) => groups[g].length).map((g) => (
        <section key={g} class={`group group-${g}`}>
          <h2>
            {s.groups[g]} <span class="count">{groups[g].length}</span>
          </h2>
          <ul>
            {groups[g].map((c) => <Row key={c.id} c={c} state={state} s={s} />)}
          </ul>
        </section>
      ))}
    </nav>
  )
}
