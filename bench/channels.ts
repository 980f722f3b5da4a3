// `npm run bench:channels`: each channel end to end, in process — the request as the channel sends it,
// to the answer as the channel receives it (the widget's SSE read to `done`, the app's JSON, WeChat's
// passive reply XML opened, WeChat customer service's callback through sync_msg to the send_msg that
// reaches a local stand-in of WeCom). The pet shop (another trade than the demo), an in-memory event
// database, the offline responder without typing pauses, so the figures are the edge's own cost.
import { startWechatApiStub, STUB_CREDENTIALS } from '../edge/src/channels/testing/wechat-api-stub.ts'
import { channelEdge, petConfig } from '../edge/src/channels/testing.ts'
import { WechatCipher, wechatSignature } from '../edge/src/channels/wechat/crypto.ts'
import { AES_KEY, APP_ID, openReply, wechatEdge, wechatPost } from '../edge/src/channels/wechat/testing.ts'
import { buildWechatXml } from '../edge/src/channels/wechat/xml.ts'
import { KF_ORIGIN, WecomApi } from '../edge/src/channels/wecom/api.ts'
import { wecomRoute } from '../edge/src/channels/wecom/route.ts'
import { readEvents } from '../edge/src/testing.ts'
import { percentiles } from './queries.ts'

const RUNS = Number(process.env.BENCH_CHANNEL_RUNS ?? 200)
const QUESTIONS = ['清泉饮水机多大容量？', '它的滤芯能用多久？', '猫爬架多高', '有没有防水的定位器', '宠物床能机洗吗']
const KEY = 'bench-channel-key-0123456789'

async function timeRuns(name: string, run: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < 10; i++) await run(-1 - i) // warm-up
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await run(i)
    times.push(performance.now() - start)
  }
  const p = percentiles(times)
  console.log(`${name.padEnd(34)} p50 ${p.p50.toFixed(1).padStart(6)} ms   p99 ${p.p99.toFixed(1).padStart(6)} ms   (${RUNS} messages)`)
}

const question = (i: number) => QUESTIONS[Math.abs(i) % QUESTIONS.length]!
const user = (i: number) => `bench-${Math.floor(Math.abs(i) / QUESTIONS.length)}`

async function main(): Promise<void> {
  const api = await channelEdge({ channels: { apiKeys: [KEY] } })
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
  await timeRuns('web widget (POST /v1/chat, SSE)', async (i) => {
    const body = JSON.stringify({ visitorId: `v_${user(i)}`, sessionId: 's_bench', messages: [{ role: 'user', content: question(i) }] })
    await readEvents(await api.app.request('/v1/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body }))
  })
  await timeRuns('API channel, JSON', async (i) => {
    await (await api.app.request('/v1/channels/api/messages', { method: 'POST', headers, body: JSON.stringify({ userId: user(i), text: question(i) }) })).json()
  })
  await timeRuns('API channel, SSE', async (i) => {
    await readEvents(await api.app.request('/v1/channels/api/messages', { method: 'POST', headers: { ...headers, accept: 'text/event-stream' }, body: JSON.stringify({ userId: `sse-${user(i)}`, text: question(i) }) }))
  })

  const plain = await wechatEdge()
  await timeRuns('WeChat, plain mode passive reply', async (i) => {
    await openReply((await wechatPost(plain.app, { MsgType: 'text', Content: question(i), FromUserName: `o${user(i)}` })).text)
  })
  const safe = await wechatEdge({ env: { HUIKE_WECHAT_APPID: APP_ID, HUIKE_WECHAT_AES_KEY: AES_KEY } })
  await timeRuns('WeChat, safe mode passive reply', async (i) => {
    await openReply((await wechatPost(safe.app, { MsgType: 'text', Content: question(i), FromUserName: `o${user(i)}` }, { safe: true })).text)
  })

  const stub = await startWechatApiStub()
  const token = 'benchWecomToken'
  const cipher = await WechatCipher.create(AES_KEY, STUB_CREDENTIALS.corpId)
  const works: Promise<void>[] = []
  const wecomApi = new WecomApi({ base: stub.url, corpId: STUB_CREDENTIALS.corpId, secret: STUB_CREDENTIALS.corpSecret })
  const kf = await channelEdge({ channels: { routes: { '/wecom': (turns) => wecomRoute(turns, { token, cipher, api: wecomApi, config: () => petConfig, live: false, log: () => {}, onBackground: (w) => works.push(w) }) } } })
  await timeRuns('WeCom callback → sync_msg → send_msg', async (i) => {
    const sent = stub.sent.length
    stub.queueKfMessages([{ open_kfid: 'wkBench', external_userid: `wm${user(i)}`, origin: KF_ORIGIN.customer, msgtype: 'text', text: { content: question(i) }, send_time: Math.floor(Date.now() / 1000) }])
    const encrypt = await cipher.encrypt(buildWechatXml({ ToUserName: STUB_CREDENTIALS.corpId, CreateTime: 1, MsgType: 'event', Event: 'kf_msg_or_event', Token: 'cb', OpenKfId: 'wkBench' }))
    const query = new URLSearchParams({ msg_signature: await wechatSignature(token, '1', 'n', encrypt), timestamp: '1', nonce: 'n' })
    await kf.app.request(`/v1/channels/wecom?${query}`, { method: 'POST', body: buildWechatXml({ ToUserName: STUB_CREDENTIALS.corpId, Encrypt: encrypt, AgentID: '' }) })
    await Promise.all(works.splice(0))
    if (!stub.sent.slice(sent).some((s) => s.path === '/cgi-bin/kf/send_msg')) throw new Error('WeCom answer not sent')
  })
  await stub.close()
}

await main()
