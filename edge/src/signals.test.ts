// `kill -TERM` on `npm start` shuts the edge down gracefully (issue 11): npm forwards the signal to
// scripts/start.mjs (exec'd, no shell in between), which forwards it to the edge; the port closes and
// every process exits 0. `--no-build` skips the widget build: the edge starts without dist/public.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanEnv, freePort } from '../../tests/support/edge-process.ts'

const children: ChildProcess[] = []
const dirs: string[] = []
afterEach(() => {
  // Whatever is left of a failed test: the whole group, so no edge outlives it.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // gone already
      }
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

async function start(command: string[]) {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'huike-signals-'))
  dirs.push(dir)
  const child = spawn(command[0]!, command.slice(1), {
    env: cleanEnv({ PORT: String(port), HUIKE_DB: join(dir, 'huike.db') }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: only the signal we send reaches it, and cleanup can take the group
  })
  children.push(child)
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  )
  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited ${child.exitCode}:\n${log}`)
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${command.join(' ')}: no /healthz in time:\n${log}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return { child, port, exited, log: () => log }
}

describe('signals', () => {
  it('kill -TERM on `npm start` closes the port and exits 0 within a few seconds', async () => {
    const edge = await start(['npm', 'start', '--silent', '--', '--no-build'])
    // An open keep-alive connection must not hold the shutdown beyond its grace.
    const idle = net.connect({ host: '127.0.0.1', port: edge.port })
    await new Promise((r) => idle.once('connect', r))
    const sent = Date.now()
    process.kill(edge.child.pid!, 'SIGTERM') // the top process only: npm
    const { code, signal, at } = await edge.exited
    idle.destroy()
    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(at - sent).toBeLessThan(5_000)
    expect(await listening(edge.port)).toBe(false)
    expect(edge.log()).toContain('huike: SIGTERM, shutting down')
  })

  it('the launcher alone forwards SIGINT too', async () => {
    const edge = await start([process.execPath, 'scripts/start.mjs', '--no-build'])
    process.kill(edge.child.pid!, 'SIGINT')
    const { code, signal } = await edge.exited
    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(await listening(edge.port)).toBe(false)
    expect(edge.log()).toContain('huike: SIGINT, shutting down')
  })
})
