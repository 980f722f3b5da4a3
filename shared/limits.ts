// Limits both sides enforce. A zod-free module, so the widget can import the values themselves.
export const MAX_MESSAGE_CHARS = 2000
/** The widget sends at most this many messages; the edge accepts a little more for older widgets. */
export const MAX_HISTORY = 20
/** The edge refuses larger request bodies with 413. */
export const MAX_BODY_BYTES = 64 * 1024
/** An event's type: the contract's, or a site's own `huike('track', name)`: a short snake_case name. */
export const EVENT_TYPE = /^[a-z][a-z0-9_]{0,39}$/

// Live handoff (shared/live.ts).
/** A comment line on a live stream every this often keeps proxies from closing it; the widget counts it as life. */
export const LIVE_HEARTBEAT_MS = 15_000
/** Default wait for a person before the visitor is told honestly and offered the message form. */
export const DEFAULT_LIVE_WAIT_MS = 180_000
