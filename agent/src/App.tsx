// Signed out: the login form. Signed in: the console. The token is tried before it is kept.
import { useState } from 'preact/hooks'
import { agentApi } from './api.ts'
import { Console } from './Console.tsx'
import { strings, type Lang } from './i18n.ts'
import { Login } from './Login.tsx'
import { clearSession, loadSession, saveSession, type Session } from './session.ts'

export interface AppProps {
  lang: Lang
  /** The edge's origin (the console is served by it). */
  base: string
  fetch?: typeof fetch
  storage?: Storage
}

export function App({ lang, base, fetch: f, storage = sessionStorage }: AppProps) {
  const s = strings(lang)
  const [session, setSession] = useState<Session | null>(() => loadSession(storage))

  const login = async (token: string, name: string) => {
    await agentApi({ base, token, agent: { id: 'login', name }, fetch: f }).conversations()
    setSession(saveSession(token, name, storage))
  }
  const logout = () => {
    clearSession(storage)
    document.title = s.title
    setSession(null)
  }

  if (!session) return <Login s={s} onLogin={login} />
  return <Console session={session} s={s} lang={lang} base={base} fetch={f} onLogout={logout} />
}
