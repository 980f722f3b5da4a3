// A site owner edits the config while the edge runs (`npm start`): the next greeting uses it, an
// answer already streaming finishes, and a broken edit keeps the last good config.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { NODE_EDGE } from '../support/edge-and-browser.ts'
import { startEdge, type EdgeProcess } from '../support/edge-process.ts'

const dir = mkdtempSync(join(tmpdir(), 'huike-config-'))
const configPath = join(dir, 'config.json')
let edge: EdgeProcess

beforeAll(async () => {
  copyFileSync('demo/config.json', configPath)
  edge = await startEdge({ command: NODE_EDGE, env: { HUIKE_CONFIG: configPath, HUIKE_DB: join(dir, 'huike.db') } })
})
afterAll(() => edge?.stop())

const greet = async () => {
  const r = await fetch(edge.url + '/v1/greet', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ visitorId: 'v_reload', page: { url: edge.url + '/' }, profile: { consent: { marketing: false } }, lang: 'zh-CN' }),
  })
  return ((await r.json()) as { greeting: string }).greeting
}

function editGreeting(text: string): void {
  const config = JSON.parse(readFileSync(configPath, 'utf8'))
  config.greeting.text['zh-CN'] = text
  writeFileSync(configPath, JSON.stringify(config, null, 2))
}

test('an edited greeting is used on the next request, while a streaming answer finishes', async () => {
  expect(await greet()).toContain('小慧')
  const streaming = fetch(edge.url + '/v1/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ visitorId: 'v_reload', sessionId: 's_reload', messages: [{ role: 'user', content: 'Z7 手机有什么颜色？' }] }),
  }).then((r) => r.text())
  editGreeting('欢迎光临，今天新品上架！')
  await expect.poll(greet, { timeout: 5_000, interval: 100 }).toBe('欢迎光临，今天新品上架！')
  const answer = await streaming
  expect(answer).toContain('event: done')
  const text = [...answer.matchAll(/^event: delta\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!).text).join('')
  expect(text).toContain('紫色')
})

test('a broken edit is reported and the last good config stays', async () => {
  writeFileSync(configPath, '{"brand": ')
  await new Promise((r) => setTimeout(r, 600))
  expect(await greet()).toBe('欢迎光临，今天新品上架！')
  expect(edge.log()).toMatch(/kept the previous config/)
})
