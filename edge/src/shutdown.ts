// The Node edge's graceful stop (SIGTERM from systemd, Docker, a deploy script, `npm start`): no new
// connections, the answers already streaming finish (up to the grace), then `flush` (the event store
// commits what it was given and closes), so a restart loses neither a visitor's answer nor an event
// that was acknowledged with 202.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface DrainOptions {
  /** How long running requests may take to finish before their connections are cut. */
  graceMs: number
  /** After the last connection is gone: what must reach the disk (the event store's close). */
  flush: () => Promise<unknown>
  log?: (message: string) => void
}

/** How often connections with no request running (keep-alive between requests, or none sent yet) are closed while draining. */
const IDLE_SWEEP_MS = 100

/**
 * Watches `server`'s connections from the start, so that a stop knows which ones are running a
 * request. Node's own closeIdleConnections() leaves a connection that has not sent a request yet
 * open, and such a connection would hold the stop for the whole grace.
 */
export function drainable(server: Server): { drainAndClose(options: DrainOptions): Promise<void> } {
  const running = new Map<Socket, number>()
  let draining = false
  server.on('connection', (socket: Socket) => {
    running.set(socket, 0)
    socket.once('close', () => running.delete(socket))
  })
  // Before the app's own listener, so a response that ends at once is still counted and seen closing.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse & { shouldKeepAlive?: boolean }) => {
    const socket = req.socket
    running.set(socket, (running.get(socket) ?? 0) + 1)
    res.once('close', () => running.has(socket) && running.set(socket, running.get(socket)! - 1))
    // A request that still arrives on an open keep-alive connection is answered, then its connection
    // closes: the client's next request reaches the new process instead of this one.
    if (draining) res.shouldKeepAlive = false
  })
  const closeIdle = () => {
    for (const [socket, requests] of running) if (requests === 0) socket.destroy()
  }

  return {
    async drainAndClose({ graceMs, flush, log = console.warn }) {
      draining = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      closeIdle()
      const sweep = setInterval(closeIdle, IDLE_SWEEP_MS)
      let graceTimer: ReturnType<typeof setTimeout> | undefined
      const graceOver = new Promise<'cut'>((resolve) => (graceTimer = setTimeout(() => resolve('cut'), graceMs)))
      const drained = await Promise.race([closed.then(() => 'drained' as const), graceOver])
      clearInterval(sweep)
      clearTimeout(graceTimer)
      if (drained === 'cut') {
        log(`huike: requests still running after the ${graceMs} ms grace were cut`)
        server.closeAllConnections()
        for (const socket of running.keys()) socket.destroy()
        await closed
      }
      await flush()
    },
  }
}
