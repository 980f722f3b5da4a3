// Tells the visitor a person is typing without a request per keystroke: "typing" at most once per
// REPEAT_MS while keys are pressed, and "stopped" once after IDLE_MS without a key (or on send).
export const REPEAT_MS = 3000
export const IDLE_MS = 4000

export function typingNotice(post: (typing: boolean) => unknown) {
  let lastSent = -Infinity
  let typing = false
  let idle: ReturnType<typeof setTimeout> | undefined
  const stop = () => {
    clearTimeout(idle)
    if (!typing) return
    typing = false
    lastSent = -Infinity
    void Promise.resolve(post(false)).catch(() => {})
  }
  return {
    /** A key was pressed. */
    keystroke(now = Date.now()) {
      clearTimeout(idle)
      idle = setTimeout(stop, IDLE_MS)
      if (now - lastSent < REPEAT_MS) return
      lastSent = now
      typing = true
      void Promise.resolve(post(true)).catch(() => {})
    },
    stop,
  }
}
