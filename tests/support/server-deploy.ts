// The server deploy (CONTRACT §1, README "Deploying on a server") as steps a test can run on a copy of
// this checkout, and what it needs around them: the copy, a read-only tree, a record of what is in it.
// The Dockerfile runs the same commands (tests/container.test.ts holds it to these).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, symlinkSync, type Stats } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { cleanEnv, freePort } from './edge-process.ts'

/** In order. The copy stands in for `install` with hard links to this checkout's node_modules. */
export const DEPLOY_STEPS = {
  install: ['npm', 'ci'],
  build: ['npm', 'run', 'build'],
  prune: ['npm', 'prune', '--omit=dev'],
  start: ['npm', 'start'],
  healthcheck: ['node', 'scripts/healthcheck.mjs'],
} as const

/** The user a root test runs the edge as (nobody): root writes through any chmod, so it proves nothing. */
export const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined

/**
 * This checkout's working files as a fresh clone has them (tracked and new files, not ignored ones:
 * no dist/, no data/), uncommitted changes included, in a new folder others may read.
 */
export function copyWorkingTree(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'huike-deploy-'))
  chmodSync(dir, 0o755)
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  for (const file of listed.split('\0').filter(Boolean)) {
    const from = join(root, file)
    const stat = lstatSync(from, { throwIfNoEntry: false })
    if (!stat) continue // deleted in the working tree, not yet in a commit
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), join(dir, file))
    else copyFileSync(from, join(dir, file))
  }
  return dir
}

/**
 * `npm ci` without the network or a minute: hard links to this checkout's node_modules. npm's own
 * record of the install is a real copy, since `npm prune` rewrites it (and must not rewrite ours).
 */
export function linkDependencies(root: string, dir: string): void {
  // The real folder: were node_modules a symlink, cp would copy the link, and prune would empty ours.
  execFileSync('cp', ['-al', realpathSync(join(root, 'node_modules')), join(dir, 'node_modules')])
  copyFileSync(join(root, 'node_modules/.package-lock.json'), join(dir, 'node_modules/.package-lock.json'))
}

/** No test touches the internet: npm neither looks for a newer npm nor asks the registry anything. */
const NPM_OFFLINE = { NPM_CONFIG_OFFLINE: 'true', NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_AUDIT: 'false', NPM_CONFIG_FUND: 'false' }

/** Runs a step in the copy; throws with its output when it fails. */
export function runStep(dir: string, command: readonly string[], env: Record<string, string> = {}): string {
  return execFileSync(command[0]!, command.slice(1), { cwd: dir, env: cleanEnv({ ...NPM_OFFLINE, ...env }), encoding: 'utf8', stdio: 'pipe' })
}

/**
 * No one may create, delete or rename anything in the tree, nor change its own files. Files under
 * node_modules keep their modes: they are hard links to this checkout's, whose modes they share.
 */
export function makeReadOnly(dir: string, except: string): void {
  walk(dir, (path, stat) => {
    if (path === except || path.startsWith(except + '/') || stat.isSymbolicLink()) return
    if (stat.isDirectory() || !relative(dir, path).startsWith('node_modules/')) chmodSync(path, stat.mode & ~0o222)
  })
}

/** The owner may write again (to remove the copy). */
export function makeWritable(dir: string): void {
  walk(dir, (path, stat) => {
    if (stat.isDirectory()) chmodSync(path, stat.mode | 0o200)
  })
}

/** Every entry of the tree but `except`, with what changes when it is written: size and modification time. */
export function listTree(dir: string, except: string): Map<string, string> {
  const entries = new Map<string, string>()
  walk(dir, (path, stat) => {
    if (path !== except && !path.startsWith(except + '/')) entries.set(relative(dir, path), `${stat.size} ${stat.mtimeMs}`)
  })
  return entries
}

function walk(path: string, visit: (path: string, stat: Stats) => void): void {
  const stat = lstatSync(path)
  visit(path, stat)
  if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name), visit)
}

export interface Server {
  url: string
  port: number
  log: () => string
  /** SIGTERM to the top process only (as a supervisor sends it); resolves to its exit code. */
  stop: () => Promise<number | null>
}

/** `npm start` in the copy, in its own process group, as `user` (default: this process's), until /healthz answers. */
export async function startServer(dir: string, env: Record<string, string>, user?: { uid: number; gid: number }): Promise<Server> {
  const port = await freePort()
  const command = DEPLOY_STEPS.start
  const child: ChildProcess = spawn(command[0], command.slice(1), {
    cwd: dir,
    env: cleanEnv({ ...NPM_OFFLINE, ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...user,
  })
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(r, 20_000, 'hung'))])
    if (code !== 'hung') return code
    process.kill(-child.pid!, 'SIGKILL') // the whole group, so nothing outlives a failed test
    return exited
  }
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000 // a first start may build
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${log.slice(-3000)}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, port, log: () => log, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  await stop()
  throw new Error(`npm start: /healthz did not answer in time:\n${log.slice(-3000)}`)
}
