// `npm start` and `npm run dev`: builds the widget (unless --no-build), then runs the edge as this
// process's only child and forwards SIGTERM, SIGINT and SIGHUP to it, exiting with its exit code. So
// `kill -TERM` on npm (which forwards to us: package.json `exec`s this script, no shell in between) or on
// this process reaches the edge, which shuts down gracefully (edge/src/node.ts) and exits 0.
//   node scripts/start.mjs [--no-build] [--watch]
// --watch restarts the edge when its sources change (tsx watch); without it the edge runs under
// `node --import tsx`, one process, no extra relay.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const watch = args.includes('--watch')
const build = !args.includes('--no-build')

let child
let stopping
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    stopping ??= signal
    child?.kill(signal)
  })
}

/** Runs a command in the repo root with the terminal; resolves to its exit code (128 + n when signalled). */
function run(command, argv) {
  return new Promise((done) => {
    child = spawn(command, argv, { cwd: ROOT, stdio: 'inherit' })
    child.on('error', (err) => {
      console.error(`huike: cannot run ${command}: ${err.message}`)
      done(1)
    })
    child.on('exit', (code, signal) => done(code ?? 128 + (constants.signals[signal] ?? 0)))
  })
}

// npm sets npm_execpath when it runs us; started directly, ask the npm on PATH.
const npm = process.env.npm_execpath
  ? [process.execPath, [process.env.npm_execpath, 'run', 'build']]
  : [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build']]
if (build) {
  const code = await run(...npm)
  if (code !== 0 || stopping) process.exit(code || 128 + constants.signals[stopping])
}

const entry = 'edge/src/node.ts'
const code = watch
  ? await run(process.execPath, [fileURLToPath(import.meta.resolve('tsx/cli')), 'watch', entry])
  : await run(process.execPath, ['--import', 'tsx', entry])
process.exit(code)
