// Server-sent events for the chat stream: `encodeEvent` on the edge, `createEventParser` in the widget.
// Type-only import: this file must stay free of zod so the widget can bundle it.
import type { ChatEvent, ChatEventName } from './protocol.ts'

const EVENT_NAMES: ReadonlySet<string> = new Set<ChatEventName>([
  'meta', 'status', 'delta', 'card', 'suggest', 'profile', 'done', 'error',
])

/** One event as SSE text. JSON never contains a raw newline, so one `data:` line suffices. */
export function encodeEvent(e: ChatEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`
}

/**
 * An incremental parser: feed it text as it arrives, in chunks cut anywhere, and it calls `onEvent`
 * for every complete event. Unknown event names and data that is not a JSON object are skipped
 * (newer edges may add events; the widget must not break on them).
 */
export function createEventParser(onEvent: (e: ChatEvent) => void): { feed(chunk: string): void; end(): void } {
  let buffer = ''
  const dispatch = (block: string) => {
    let name = 'message'
    const data: string[] = []
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) name = line.slice(6).trim()
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
    }
    if (!data.length || !EVENT_NAMES.has(name)) return
    let parsed: unknown
    try {
      parsed = JSON.parse(data.join('\n'))
    } catch {
      return
    }
    if (parsed && typeof parsed === 'object') onEvent({ event: name, data: parsed } as ChatEvent)
  }
  return {
    feed(chunk) {
      buffer += chunk
      const blocks = buffer.split(/\r?\n\r?\n/)
      buffer = blocks.pop() ?? ''
      for (const block of blocks) dispatch(block)
    },
    end() {
      if (buffer.trim()) dispatch(buffer)
      buffer = ''
    },
  }
}
