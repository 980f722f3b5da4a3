// `npm start` and `npm run dev`: runs the edge as this process's only child and forwards SIGTERM, SIGINT
// and SIGHUP to it, exiting with its exit code. So `kill -TERM` on npm (which forwards to us:
// package.json `exec`s this script, no shell in between) or on this process reaches the edge, which shuts
// down gracefully (edge/src/node.ts) and exits 0.
//   node scripts/start.mjs [--no-build] [--watch]
// Without flags (`npm start`) it runs the built edge, dist/edge/node.js, under plain node: production
// dependencies only. It builds first (`npm run build`) when there is no build or a source is newer than
// it, but only where the build tools are installed: after `npm run build` and `npm prune --omit=dev` it
// never builds nor writes into the tree (scripts/build-state.mjs).
// --no-build never builds: the build if there is one, else the edge's sources under `node --import tsx`.
// --watch (`npm run dev`) builds when needed, then runs the edge's sources under tsx watch, which restarts
// it when they change.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { constants } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUILT_EDGE, buildState, canBuild, canRunSources } from './build-state.mjs'

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
if (build && buildState(ROOT) !== 'fresh' && canBuild(ROOT)) {
  const code = await run(...npm)
  if (code !== 0 || stopping) process.exit(code || 128 + constants.signals[stopping])
}

// The build, unless watching; the sources stand in only where there is no build and tsx can run them.
const entry = 'edge/src/node.ts'
const source = watch || !existsSync(resolve(ROOT, BUILT_EDGE))
if (source && !canRunSources(ROOT)) {
  console.error(`huike: no build (${BUILT_EDGE}) and no build tools to make one: run \`npm run build\` before \`npm prune --omit=dev\``)
  process.exit(1)
}
const code = watch
  ? await run(process.execPath, [fileURLToPath(import.meta.resolve('tsx/cli')), 'watch', entry])
  : source
    ? await run(process.execPath, ['--import', 'tsx', entry])
    : await run(process.execPath, [BUILT_EDGE])
process.exit(code)
