// Build once, start anywhere (issue 13): on a copy of this checkout as a fresh clone has it,
//   - a developer's `npm install` + `npm start` builds when there is no build (or it is out of date)
//     and serves the demo;
//   - the server deploy, `npm run build`, `npm prune --omit=dev`, `npm start`, runs the edge with
//     production dependencies only, on a tree no one can write to but its data folder, as an
//     unprivileged user, in the container's environment (the Dockerfile's run stage): the shop, the
//     widget and the API answer, the container's healthcheck passes, SIGTERM stops it cleanly, and
//     nothing in the tree has changed.
// The copy's dependencies are hard links to this checkout's (standing in for `npm ci`).
import { chownSync, existsSync, mkdirSync, rmSync, utimesSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { envOf, readDockerfile } from './support/dockerfile.ts'
import {
  copyWorkingTree,
  DEPLOY_STEPS,
  linkDependencies,
  listTree,
  makeReadOnly,
  makeWritable,
  runStep,
  startServer,
  UNPRIVILEGED,
  type Server,
} from './support/server-deploy.ts'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
/** What vite prints when it builds: in a start's log, that start built. */
const BUILT = /vite v\d/
/** Builds take seconds on a quiet machine and much longer on a busy one: only a failure waits this long. */
const BUILDS = 180_000

let dir: string
const servers: Server[] = []
beforeAll(() => {
  dir = copyWorkingTree(ROOT)
  linkDependencies(ROOT, dir)
})
afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop()
  if (dir) {
    makeWritable(dir)
    rmSync(dir, { recursive: true, force: true })
  }
})

async function start(env: Record<string, string>, user?: typeof UNPRIVILEGED): Promise<Server> {
  const server = await startServer(dir, env, user)
  servers.push(server)
  return server
}

async function stop(server: Server): Promise<number | null> {
  servers.splice(servers.indexOf(server), 1)
  return server.stop()
}

/** The demo shop's landing page, the widget's loader, and a streamed answer from the catalog. */
async function expectTheDemoShop(url: string): Promise<void> {
  const page = await fetch(url + '/')
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('/huike.js')
  const loader = await fetch(url + '/huike.js')
  expect(loader.status).toBe(200)
  expect(loader.headers.get('content-type')).toMatch(/javascript/)
  expect((await loader.arrayBuffer()).byteLength).toBeGreaterThan(500)

  const chat = await fetch(url + '/v1/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      visitorId: 'v_deploy0001',
      sessionId: 's_deploy0001',
      messages: [{ role: 'user', content: 'X5 儿童手表多少钱？' }],
    }),
  })
  expect(chat.status).toBe(200)
  expect(chat.headers.get('content-type')).toMatch(/text\/event-stream/)
  const stream = await chat.text()
  expect(stream).toMatch(/^event: meta/m)
  expect(stream).toContain('899')
  expect(stream).toMatch(/^event: done/m)
}

describe('a fresh clone', () => {
  it('`npm start` builds when there is no build or a source changed, then serves the demo shop', async () => {
    expect(existsSync(join(dir, 'dist'))).toBe(false)
    const first = await start({})
    expect(first.log()).toMatch(BUILT)
    await expectTheDemoShop(first.url)
    expect(await stop(first)).toBe(0)

    const again = await start({})
    expect(again.log()).not.toMatch(BUILT)
    expect(await stop(again)).toBe(0)

    const now = new Date()
    utimesSync(join(dir, 'widget/src/loader.ts'), now, now) // a developer saves a widget source
    const edited = await start({})
    expect(edited.log()).toMatch(BUILT)
    expect(await stop(edited)).toBe(0)
    rmSync(join(dir, 'data'), { recursive: true, force: true }) // the demo's events: a server starts empty
  }, BUILDS)
})

describe('the server deploy: build, prune, start', () => {
  it('serves from production dependencies alone, on a read-only tree, and writes only its data folder', async () => {
    runStep(dir, DEPLOY_STEPS.build)
    runStep(dir, DEPLOY_STEPS.prune)
    for (const dev of ['vite', 'tsx', 'vitest', 'typescript']) expect(existsSync(join(dir, 'node_modules', dev))).toBe(false)
    for (const prod of ['hono', '@libsql/client', 'openai', 'zod']) expect(existsSync(join(dir, 'node_modules', prod))).toBe(true)

    const data = join(dir, 'data')
    mkdirSync(data)
    if (UNPRIVILEGED) chownSync(data, UNPRIVILEGED.uid, UNPRIVILEGED.gid)
    makeReadOnly(dir, data)
    const before = listTree(dir, data)

    const [run] = readDockerfile(join(ROOT, 'Dockerfile')).slice(-1)
    const env: Record<string, string> = {
      ...envOf(run!),
      HUIKE_DB: join(data, 'huike.db'),
      // Like the container's read-only root: no home for npm to keep logs or a cache in.
      HOME: '/nonexistent',
    }
    expect(env.HOST).toBe('0.0.0.0')
    const server = await start(env, UNPRIVILEGED)
    expect(server.log()).not.toMatch(BUILT)
    await expectTheDemoShop(server.url)
    expect(runStep(dir, DEPLOY_STEPS.healthcheck, { ...env, PORT: String(server.port) })).toBe('')

    expect(await stop(server)).toBe(0)
    expect(server.log()).toContain('huike: SIGTERM, shutting down')
    expect(existsSync(join(data, 'huike.db'))).toBe(true)
    expect(listTree(dir, data)).toEqual(before)
  }, BUILDS)
})
