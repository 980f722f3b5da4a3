// Whether `npm start` has to build first (scripts/start.mjs). The build is two outputs of `npm run
// build`: the widget and demo pages (dist/public) and the edge as plain JavaScript (dist/edge/node.js).
// A developer who edits a source and runs `npm start` gets it rebuilt; a server that built once and
// pruned its dev dependencies never builds, so it never writes into the tree.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/** The edge's entry in the build; run with plain node. */
export const BUILT_EDGE = 'dist/edge/node.js'
/** Files every complete build has written (the loader is written late in `npm run build`). */
const BUILD_OUTPUTS = [BUILT_EDGE, 'dist/public/huike.js']
/** What the build reads (scripts/: steps of `npm run build`): a change to any of these makes the build out of date. */
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'vite.config.ts', 'vite.edge.config.ts', 'scripts', 'edge/src', 'shared', 'widget', 'agent', 'demo']
/** Tests are not part of the build: editing one should not cost a rebuild. */
const NOT_AN_INPUT = /\.test\.tsx?$/

/** `missing` (some output absent), `stale` (a source is newer than the oldest output) or `fresh`. */
export function buildState(root) {
  const outputs = BUILD_OUTPUTS.map((file) => join(root, file))
  if (!outputs.every((file) => existsSync(file))) return 'missing'
  const builtAt = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  return BUILD_INPUTS.some((input) => newerThan(join(root, input), builtAt)) ? 'stale' : 'fresh'
}

function newerThan(path, time) {
  if (!existsSync(path)) return false
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs > time && !NOT_AN_INPUT.test(path)
  return readdirSync(path).some((name) => newerThan(join(path, name), time))
}

/** Whether `pkg` is installed for the project at `root`. */
function installed(root, pkg) {
  try {
    createRequire(join(root, 'package.json')).resolve(`${pkg}/package.json`)
    return true
  } catch {
    return false
  }
}

/** Whether this install can build: vite is a dev dependency, gone after `npm prune --omit=dev`. */
export const canBuild = (root) => installed(root, 'vite')

/** Whether the edge's sources can run as they are (tsx, a dev dependency too). */
export const canRunSources = (root) => installed(root, 'tsx')
