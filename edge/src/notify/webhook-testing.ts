// Test helper (not a test file): a webhook receiver on 127.0.0.1 that records what it is sent and
// answers as planned, for the tests of everything the edge POSTs to a site's webhook.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  at: number
}

/** A webhook receiver on 127.0.0.1: answers each request with the next planned status, after an optional delay. */
export class Receiver {
  server: Server
  received: Received[] = []
  plan: { status: number; delayMs?: number }[] = []
  responded = 0
  private waiters: (() => void)[] = []

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })
        for (const w of this.waiters.splice(0)) w()
        const { status, delayMs = 0 } = this.plan.shift() ?? { status: 200 }
        setTimeout(() => {
          res.statusCode = status
          res.end('ok')
          this.responded++
        }, delayMs)
      })
    })
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook?token=abc`
  }

  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  reset(): void {
    this.received = []
    this.plan = []
    this.responded = 0
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
