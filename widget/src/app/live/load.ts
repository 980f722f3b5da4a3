// The live channel is a file of its own (/huike-live.js, built apart: vite.config.ts mode `lazy`), loaded
// only when a person can join (a handoff card with `live`) or a stored live conversation is still open,
// so the app chunk carries none of its transport. Not loaded: undefined, and tried again next time.
import type { LiveModule } from './types.ts'

let loading: Promise<LiveModule | undefined> | undefined

export function loadLive(): Promise<LiveModule | undefined> {
  return (loading ??= import(/* @vite-ignore */ new URL(__HUIKE_LIVE__, import.meta.url).href).then(
    (m: LiveModule) => m,
    () => (loading = undefined),
  ))
}
