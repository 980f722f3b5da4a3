// Marketing rules the widget applies on the device, shared by the bubble chunk and the app: the visitor's
// consent (no promotion after `huike('consent', {marketing: false})`), and experiment exposure counted
// once per visit, whichever of the two saw the greet response first.
import type { GreetResponse, VisitorProfile } from './types.ts'

/** True when the visitor said no to marketing; unknown consent is not a refusal (the site decides). */
export const marketingDenied = (p: VisitorProfile | undefined): boolean => p?.consent?.marketing === false

/** sessionStorage, or nothing (blocked storage, sandboxed frames): then "once" degrades to "once per page". */
export function visitFlag(key: string, set?: boolean): boolean {
  try {
    if (set) sessionStorage.setItem(key, '1')
    return sessionStorage.getItem(key) === '1'
  } catch {
    return !!set
  }
}

/** The `experiment_exposure` event's props for a greet response's variant, the first time this visit; else null. */
export function exposure(r: Pick<GreetResponse, 'variant'> | null | undefined): Record<string, string> | null {
  const v = r?.variant
  if (!v || typeof v.experiment !== 'string' || typeof v.id !== 'string') return null
  const key = `huike:x:${v.experiment}`
  if (visitFlag(key)) return null
  visitFlag(key, true)
  return { experiment: v.experiment, variant: v.id }
}
