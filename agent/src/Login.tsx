// Sign in: the agent token (checked against the edge before it is kept) and the name visitors will see.
import { useState } from 'preact/hooks'
import { AgentApiError } from './api.ts'
import type { Strings } from './i18n.ts'

export interface LoginProps {
  s: Strings
  /** Tries the token; resolves when it works, rejects with AgentApiError 401/403 when it does not. */
  onLogin: (token: string, name: string) => Promise<void>
}

export function Login({ s, onLogin }: LoginProps) {
  const [token, setToken] = useState('')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!token.trim() || !name.trim() || busy) return
    setBusy(true)
    setError(null)
    try {
      await onLogin(token.trim(), name.trim())
    } catch (err) {
      setError(err instanceof AgentApiError && (err.status === 401 || err.status === 403) ? s.wrongToken : s.cannotReach)
      setBusy(false)
    }
  }

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit}>
        <h1>{s.title}</h1>
        <p class="login-heading">{s.loginHeading}</p>
        <label>
          {s.tokenLabel}
          <input name="token" type="password" autocomplete="current-password" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        </label>
        <label>
          {s.nameLabel}
          <input name="name" required maxLength={40} placeholder={s.namePlaceholder} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? s.loggingIn : s.login}</button>
      </form>
    </main>
  )
}
