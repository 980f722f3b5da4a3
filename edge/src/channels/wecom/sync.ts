// Reading what customers sent after a kf_msg_or_event callback: sync_msg from the stored cursor,
// page after page, each wanted message claimed by its msgid and the cursor stored after each page.
// Two callbacks close together would read the same pages: within an isolate the reads for one account
// run one after another (the second starts from the cursor the first stored); across isolates the
// claim lets each message through once. Answering happens after the read, so a slow answer never
// holds up the next callback's read.
import type { ChannelVisitors } from '../channel-visitors.ts'
import type { KfCallback } from './callback.ts'
import type { WecomApi, WecomKfMessage } from './api.ts'

/** Pages read per callback at most (1,000 messages each); the next callback goes on from the cursor. */
export const MAX_SYNC_PAGES = 20

export interface KfReadOptions {
  api: WecomApi
  visitors: Pick<ChannelVisitors, 'cursor' | 'setCursor' | 'claimMessage'>
  /** Messages worth claiming (customers' messages, enter_session); the rest are skipped unclaimed. */
  wanted: (message: WecomKfMessage) => boolean
}

/** Where the reading of an account stopped; a callback without OpenKfId reads all accounts. */
export const cursorName = (openKfId: string | undefined) => `wecom:${openKfId ?? '*'}`

/** Runs tasks one after another per key, different keys side by side; a failed task does not stop the next. */
export function keyedQueue() {
  const tails = new Map<string, Promise<unknown>>()
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const result = (tails.get(key) ?? Promise.resolve()).then(task)
    const tail = result.catch(() => undefined)
    tails.set(key, tail)
    // Forget a key once its queue is empty, so the map does not grow with every customer ever seen.
    void tail.then(() => tails.get(key) === tail && tails.delete(key))
    return result
  }
}

/** A reader for the whole route: the messages a callback announces, each claimed here and nowhere else. */
export function kfReader(o: KfReadOptions) {
  const perAccount = keyedQueue()

  async function readAfterCursor(callback: KfCallback): Promise<WecomKfMessage[]> {
    const name = cursorName(callback.openKfId)
    let cursor = await o.visitors.cursor(name)
    const claimed: WecomKfMessage[] = []
    for (let page = 0; page < MAX_SYNC_PAGES; page++) {
      const { messages, nextCursor, hasMore } = await o.api.syncMessages({ token: callback.token, cursor, openKfId: callback.openKfId })
      for (const m of messages) if (o.wanted(m) && (await o.visitors.claimMessage('wecom', m.msgid))) claimed.push(m)
      if (nextCursor && nextCursor !== cursor) await o.visitors.setCursor(name, (cursor = nextCursor))
      if (!hasMore) break
    }
    return claimed
  }

  return (callback: KfCallback): Promise<WecomKfMessage[]> => perAccount(cursorName(callback.openKfId), () => readAfterCursor(callback))
}
