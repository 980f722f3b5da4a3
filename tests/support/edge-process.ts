// Starts the real edge the way a site owner does (`npm start`, or any command) on a free port and
// waits for /healthz. The process group is killed on stop, so no server outlives its test file.
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'

export interface EdgeProcess {
  url: string
  port: number
  /** The spawned process (the edge itself when `command` starts node directly, not through npm or tsx's CLI). */
  pid: number
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>
  log: () => string
  stop: () => Promise<void>
}

export interface StartEdgeOptions {
  command?: string[]
  env?: Record<string, string>
  port?: number
  timeoutMs?: number
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/** The environment without any LLM or huike settings of the developer's shell. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(OPENAI_|HUIKE_)/.test(k)),
  ) as Record<string, string>
  return { ...base, ...extra }
}

export async function startEdge(options: StartEdgeOptions = {}): Promise<EdgeProcess> {
  const port = options.port ?? (await freePort())
  const command = options.command ?? ['npm', 'start']
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: cleanEnv({ PORT: String(port), ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let log = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.stdout?.on('data', (d) => (log += d))
  child.stderr?.on('data', (d) => (log += d))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      return
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
  }
  const deadline = Date.now() + (options.timeoutMs ?? 90_000)
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited ${child.exitCode}:\n${log.slice(-2000)}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, port, pid: child.pid!, exited, log: () => log, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  await stop()
  throw new Error(`${command.join(' ')}: /healthz did not answer in time:\n${log.slice(-2000)}`)
}
