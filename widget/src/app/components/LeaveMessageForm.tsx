// The handoff card's "leave a message" form, offered when nobody can join the chat now (card.form): a
// name (optional), a phone, WeChat id or e-mail (at least one), a short message, and a consent line
// saying what the details are for. Checked here first (messages inline, by the fields), then sent by
// the chat (its sender, passed down to the handoff card, adds who is writing and POSTs /v1/handoff/message); a failure keeps
// everything typed. Shapes are shared/live.ts's, as types only (zod stays out of the bundle).
import { useState } from '../hooks.ts'
import { errorText, type Strings } from '../i18n.ts'
import type { LeaveMessageFields } from '../leave-message.ts'
import { MAX_MESSAGE_CHARS, type ChatError } from '../types.ts'

/** The fields in order: name, then each way to reach the visitor with its keyboard (inputMode, not `type`:
 * the form checks, not the browser), autofill and length (LeaveMessageSchema's). */
const FIELDS = [
  ['name', 'text', 'name', 40],
  ['phone', 'tel', 'tel', 40],
  ['wechat', 'text', 'off', 40],
  ['email', 'email', 'email', 100],
] as const
const CONTACTS = FIELDS.slice(1)
type Field = 'text' | (typeof FIELDS)[number][0]
/** Numbers each form's ids (its messages' aria-describedby targets), unique in the shadow root. */
let forms = 0

interface Props {
  s: Strings
  /** Sends the fields; null when accepted (the card then shows the confirmation instead). */
  send: (fields: LeaveMessageFields) => Promise<ChatError | null>
}

export function LeaveMessageForm({ s, send }: Props) {
  const l = s.leave
  const [id] = useState(() => `hk-leave${++forms}`)
  const [values, setValues] = useState<Partial<Record<Field, string>>>({})
  const [consent, setConsent] = useState(false)
  /** What is wrong: no way to reach the visitor, no consent, or the send failed (its words). */
  const [problem, setProblem] = useState<{ contact?: boolean; consent?: boolean; failed?: string }>({})
  const [busy, setBusy] = useState(false)
  const value = (f: Field) => values[f]?.trim() || undefined
  const input = (f: Field) => (e: Event) => setValues({ ...values, [f]: (e.currentTarget as HTMLInputElement).value })

  const submit = async (e: Event) => {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const found = { contact: !CONTACTS.some(([f]) => value(f)), consent: !consent }
    setProblem(found)
    if (found.contact || found.consent) {
      // The first field to fix gets the focus, so a screen reader lands on it with its message.
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    setBusy(true)
    const err = await send({ name: value('name'), phone: value('phone'), wechat: value('wechat'), email: value('email'), text: value('text'), consent: true })
    setBusy(false)
    if (err) setProblem({ failed: errorText(s, err.code) })
  }

  const contactError = `${id}-contact`
  const consentError = `${id}-consent`
  return (
    <form class="leave-form" part="leave-message" aria-label={l.title} noValidate onSubmit={submit}>
      <strong>{l.title}</strong>
      {FIELDS.map(([f, mode, auto, max], i) => (
        <label key={f}>
          {l[f]}
          <input
            name={f}
            inputMode={mode}
            autoComplete={auto}
            maxLength={max}
            value={values[f] ?? ''}
            onInput={input(f)}
            aria-invalid={i > 0 && problem.contact}
            aria-describedby={i > 0 && problem.contact ? contactError : undefined}
          />
        </label>
      ))}
      {problem.contact ? <p id={contactError} class="field-error" role="alert">{l.needContact}</p> : null}
      <label>
        {s.placeholder}
        <textarea name="text" rows={3} maxLength={MAX_MESSAGE_CHARS} value={values.text ?? ''} onInput={input('text')} />
      </label>
      <label class="consent">
        <input
          type="checkbox"
          name="consent"
          checked={consent}
          onChange={(e) => setConsent(e.currentTarget.checked)}
          aria-invalid={problem.consent}
          aria-describedby={problem.consent ? consentError : undefined}
        />
        {l.consent}
      </label>
      {problem.consent ? <p id={consentError} class="field-error" role="alert">{l.needConsent}</p> : null}
      {problem.failed ? <p class="field-error" role="alert">{problem.failed}</p> : null}
      <button type="submit" class="view" disabled={busy}>
        {s.send}
      </button>
    </form>
  )
}
