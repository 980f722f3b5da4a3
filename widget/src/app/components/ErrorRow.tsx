// A failed reply: a short explanation in the visitor's language and a retry button; never chat text.
import { errorText, type Strings } from '../i18n.ts'
import type { ChatError } from '../types.ts'

export function ErrorRow({ error, s, onRetry }: { error: ChatError; s: Strings; onRetry: () => void }) {
  return (
    <div class="err" role="alert">
      <span>{errorText(s, error.code)}</span>
      <button type="button" class="retry" onClick={onRetry}>
        {s.retry}
      </button>
    </div>
  )
}
