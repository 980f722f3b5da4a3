// One connection per visitor, whatever the number of tabs: the tab holding the Web Lock named for the
// visitor connects; the others wait in the lock's queue and the next one takes over when the leading tab
// closes (the browser releases its lock) or lets go. Without Web Locks every tab connects on its own
// (events are applied by id, so nothing shows twice).

/** Runs `lead` while this tab holds the visitor's lock; resolves when it ends or `signal` aborts the wait. */
export async function whileLeading(visitorId: string, signal: AbortSignal, lead: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  if (!locks) return lead()
  try {
    await locks.request(`huike-live:${visitorId}`, { signal }, lead)
  } catch {
    // aborted while waiting in the queue: another tab leads, or the conversation ended
  }
}
