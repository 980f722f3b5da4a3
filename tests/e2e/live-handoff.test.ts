// Live handoff, the visitor's side, in real Chromium against the real edge (CONTRACT §5, §6): the visitor
// asks for a person; a person (this test, through the agent API with HUIKE_AGENT_TOKEN) takes the
// conversation and replies; the reply shows as a person's message, survives a reload, and shows in a
// second tab too, over one /v1/live connection for both tabs (Web Locks); the visitor's words reach the
// person; released, the assistant answers again, with the person's words in its history.
import type { BrowserContext, Page, Request } from 'playwright-core'
import { expect, test } from 'vitest'
import { useLiveEdgeAndBrowser } from '../support/live-edge.ts'
import { openPanel, parts, typeAndSend } from '../support/widget-page.ts'

const TOKEN = 'agent-token-live-e2e'
const run = useLiveEdgeAndBrowser(TOKEN)

const agentMessage = '#huike-root [part~="message"][data-role="agent"]'
const banner = '#huike-root [part~="handoff"]'
const agent = { id: 'e2e-agent', name: '小王' }

/** The agent API, as the console would call it. */
async function agentApi<T = any>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${run.edge.url}/v1/agent${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
  return (res.status === 204 ? undefined : await res.json()) as T
}

/** The /v1/live streams the visitor's tabs hold open right now (started, not yet ended). */
function liveConnections(context: BrowserContext) {
  const open = new Set<Request>()
  const isLive = (r: Request) => r.method() === 'GET' && new URL(r.url()).pathname === '/v1/live'
  context.on('request', (r) => isLive(r) && open.add(r))
  context.on('requestfinished', (r) => open.delete(r))
  context.on('requestfailed', (r) => open.delete(r))
  return () => open.size
}

/** Waits until `fn` holds (a few seconds at most). */
async function eventually(fn: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const t0 = Date.now()
  while (!(await fn())) {
    if (Date.now() - t0 > ms) throw new Error(`not in time: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function chatBodies(page: Page, into: any[]) {
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/chat') into.push(JSON.parse(r.postData() ?? '{}'))
  })
}

test('a person joins, replies and releases; the visitor sees it across a reload and two tabs, over one connection', async () => {
  const visitor = await run.visitor('/')
  const context = visitor.context()
  const openStreams = liveConnections(context)
  await typeAndSend(visitor, '转人工')
  await visitor.locator(parts.card('handoff')).waitFor({ timeout: 15_000 })
  await visitor.locator(banner).filter({ hasText: '正在为您联系人工客服' }).waitFor({ timeout: 10_000 })
  // No satisfaction question at the handoff, nor while waiting.
  expect(await visitor.locator('#huike-root [part~="csat"]').count()).toBe(0)

  // The person takes the conversation and writes.
  let conversation: { id: string } | undefined
  await eventually(async () => {
    conversation = (await agentApi<{ conversations: { id: string; status: string }[] }>('/conversations?status=waiting')).conversations[0]
    return !!conversation
  }, 'the conversation in the queue')
  await agentApi(`/conversations/${conversation!.id}/take`, { agent })
  await visitor.locator(banner).filter({ hasText: '人工客服 小王 已接入' }).waitFor({ timeout: 10_000 })
  const reply = '您好，我是小王，请问有什么可以帮您？'
  await agentApi(`/conversations/${conversation!.id}/messages`, { text: reply, agent })
  const shown = visitor.locator(agentMessage).filter({ hasText: reply })
  await shown.waitFor({ timeout: 10_000 })
  expect(await shown.innerText()).toContain('小王')

  // The visitor's answer goes to the person, and the assistant stays silent.
  const assistantBefore = await visitor.locator(parts.message('assistant')).count()
  await typeAndSend(visitor, '我的订单还没发货')
  await eventually(async () => {
    const detail = await agentApi<{ messages: { role: string; content: string }[] }>(`/conversations/${conversation!.id}`)
    return detail.messages.some((m) => m.role === 'user' && m.content.includes('我的订单还没发货'))
  }, "the visitor's message in the conversation")
  expect(await visitor.locator(parts.message('assistant')).count()).toBe(assistantBefore)

  // A reload keeps the person's message and the state, and the channel comes back.
  await visitor.reload()
  await openPanel(visitor)
  await visitor.locator(agentMessage).filter({ hasText: reply }).waitFor({ timeout: 10_000 })
  await visitor.locator(banner).filter({ hasText: '小王' }).waitFor({ timeout: 10_000 })

  // A second tab of the same visitor shows it too; the two tabs share one connection.
  const second = await context.newPage()
  await second.goto(run.edge.url + '/')
  await openPanel(second)
  await second.locator(agentMessage).filter({ hasText: reply }).waitFor({ timeout: 10_000 })
  const later = '已为您催促仓库，今天发出。'
  await agentApi(`/conversations/${conversation!.id}/messages`, { text: later, agent })
  for (const page of [visitor, second]) await page.locator(agentMessage).filter({ hasText: later }).waitFor({ timeout: 10_000 })
  await eventually(() => openStreams() === 1, 'exactly one /v1/live connection')
  await new Promise((r) => setTimeout(r, 500))
  expect(openStreams()).toBe(1)

  // Released: the banner goes, no rating asked, and the assistant answers again with the person's words as context.
  const bodies: any[] = []
  await chatBodies(second, bodies)
  await agentApi(`/conversations/${conversation!.id}/release`, { agent })
  for (const page of [visitor, second]) await page.locator(banner).waitFor({ state: 'detached', timeout: 10_000 })
  await eventually(() => openStreams() === 0, 'no /v1/live connection once released')
  const assistantNow = await second.locator(parts.message('assistant')).count()
  await typeAndSend(second, 'X5 多少钱？')
  await eventually(async () => (await second.locator(parts.message('assistant')).count()) > assistantNow, 'the assistant answers again', 20_000)
  await eventually(async () => !!(await second.locator(parts.message('assistant')).last().innerText()).trim(), 'the answer has text', 20_000)
  expect(bodies.at(-1).messages).toContainEqual({ role: 'assistant', content: expect.stringContaining(later) })
  expect(await second.locator('#huike-root [part~="csat"]').count()).toBe(0)
  await context.close()
})
