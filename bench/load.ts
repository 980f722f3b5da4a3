// `npm run bench:load`: streamed chat replies against a real edge under many concurrent visitors.
// Starts edge/src/node.ts as a child process (offline responder, demo catalog and config, rate
// limits off, a temporary HUIKE_DB), then for each concurrency level runs that many visitors for
// BENCH_SECONDS: each sends a question from the demo catalog, reads the SSE stream to `done`, and
// sends the next. Prints replies/s, first-delta and done latencies (p50/p99), the edge's CPU time per
// reply, its RSS (VmRSS from /proc) after start-up, warm-up and each level, and the bench client's own
// CPU per reply and event-loop delay p99 (the client is this process, the edge a child process: on
// 2 cores they share the machine, and a client whose loop lags reads the first delta late); then, at the last
// level's concurrency, RSS before and after --soak more replies (default 10,000). Prints numbers; the
// goals (first delta p99 ≤ 100 ms at 400, ≥ 1,000 replies/s unpaced, RSS growth ≤ 10 %) are read off.
//   npm run bench:load [-- --no-pacing] [--seconds=10] [--concurrency=100,400] [--soak=10000] [--cpu-prof=DIR]
// --no-pacing sets HUIKE_OFFLINE_PACING=0 on the edge (answers without the typing pauses);
// --cpu-prof=DIR runs the edge under `node --cpu-prof` and leaves its .cpuprofile in DIR on exit.
// BENCH_DIAG=1 also prints each level's first-delta p50/p99 over the replies sent 0.5, 1 and 2 s into
// it: the steady state, without the level's opening burst of new connections.
import http from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startEdge } from '../tests/support/edge-process.ts'
import { percentiles } from './queries.ts'

const flag = (name: string): string | undefined => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1] ?? (process.argv.includes(`--${name}`) ? '' : undefined)
const SECONDS = Number(flag('seconds') ?? process.env.BENCH_SECONDS ?? 10)
const LEVELS = (flag('concurrency') ?? process.env.BENCH_CONCURRENCY ?? '100,400').split(',').map(Number)
const PACING = flag('no-pacing') === undefined && process.env.BENCH_PACING !== '0'
const CPU_PROF = flag('cpu-prof') ?? process.env.BENCH_CPU_PROF
const WARM_UP_SECONDS = 3
/** Replies of the memory check after the timed levels, at the last level's concurrency. */
const SOAK_REPLIES = Number(flag('soak') ?? process.env.BENCH_SOAK_REPLIES ?? 10_000)

/** Realistic questions about the demo shop: prices, attributes, colours, comparisons, recommendations, small talk, after-sales. */
const QUESTIONS = [
  'X5 儿童手表多少钱？', 'X5 有粉色的吗', 'X5 防水吗', '电话手表定位准不准', 'Y1 和 X5 哪个好', 'Y1 续航多久',
  'Z7 多少钱', 'Z7 有几种颜色', 'Z7 和 Z7 Lite 有什么区别', 'Z7 Lite 屏幕多大', '有 Z7 的手机壳吗',
  'A2 耳机降噪效果怎么样', 'A2 续航多久', '推荐一款送女朋友的手表', '2000 以内的腕表推荐一下', '男士机械表有哪些',
  'Aurora 经典机械腕表表径多大', '星辰石英腕表是什么机芯', '运动智能腕表防水吗', '油皮用什么洁面？', '水杨酸爽肤水适合干皮吗',
  '修护保湿面霜多少钱', '口红 R1 是什么色系', '腮红 B1 什么质地', '小米手环多少钱', '你好', '在吗', '你是机器人吗',
  '手表坏了能退吗', '发票怎么开', '有优惠券吗', '有点贵，我再考虑一下', 'K9 儿童手表怎么样',
  'How much is the X5 kids watch?', 'Does the Z7 come in blue?', 'A watch as a gift for my girlfriend', 'Cleanser for oily skin?',
]

interface Sample {
  /** When the request was sent, ms after the level started. */
  atMs?: number
  firstDeltaMs: number
  doneMs: number
}

interface Level {
  replies: Sample[]
  failures: number
  seconds: number
  /** The bench client's own CPU time per reply (ms) and its event loop's delay p99 (ms): a busy client reads the edge's words late. */
  clientCpuPerReply: number
  clientLagP99: number
}

/** The edge's resident memory in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)
  return line ? Number(line[1]) / 1024 : NaN
}

/** CPU time the edge has used so far (user + system), in ms, from /proc: a per-reply cost that a busy machine does not inflate as much as wall time. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime, stime in clock ticks (USER_HZ = 100)
}

/** One chat turn: POST, read the stream; resolves with when the first `delta` and the `done` arrived. */
function oneReply(agent: http.Agent, port: number, visitor: number, turn: number): Promise<Sample> {
  const body = JSON.stringify({
    visitorId: `v_load_${visitor}`,
    sessionId: `s_load_${visitor}`,
    messages: [{ role: 'user', content: QUESTIONS[(visitor * 7 + turn) % QUESTIONS.length] }],
    page: { url: 'http://127.0.0.1/demo/' },
  })
  const started = performance.now()
  return new Promise((done, fail) => {
    const req = http.request({ agent, host: '127.0.0.1', port, path: '/v1/chat', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume()
        return fail(new Error(`status ${res.statusCode}`))
      }
      res.setEncoding('utf8')
      let firstDeltaMs = NaN
      let finished = false
      let tail = '' // the end of the previous chunk, so a marker cut in two is still found
      res.on('data', (chunk: string) => {
        const text = tail + chunk
        if (Number.isNaN(firstDeltaMs) && text.includes('event: delta')) firstDeltaMs = performance.now() - started
        if (text.includes('event: done')) finished = true
        tail = text.slice(-16)
      })
      res.on('end', () => (finished && !Number.isNaN(firstDeltaMs) ? done({ firstDeltaMs, doneMs: performance.now() - started }) : fail(new Error('stream ended without a delta and done'))))
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end(body)
  })
}

/** `concurrency` visitors for `seconds`, or until `replies` replies have been read. */
async function runLevel(port: number, concurrency: number, seconds: number, replyCap = Infinity): Promise<Level> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const replies: Sample[] = []
  let failures = 0
  const lag = monitorEventLoopDelay({ resolution: 5 })
  lag.enable()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const until = started + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async (_, visitor) => {
      for (let turn = 0; performance.now() < until && replies.length < replyCap; turn++) {
        try {
          const atMs = performance.now() - started
          replies.push({ ...(await oneReply(agent, port, visitor, turn)), atMs })
        } catch (err) {
          if (++failures <= 3) console.error(`bench:load: ${err instanceof Error ? err.message : String(err)}`)
        }
      }
    }),
  )
  agent.destroy()
  lag.disable()
  const used = process.cpuUsage(cpu)
  return { replies, failures, seconds: (performance.now() - started) / 1000, clientCpuPerReply: (used.user + used.system) / 1000 / replies.length, clientLagP99: lag.percentile(99) / 1e6 }
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'huike-load-'))
  const node = [process.execPath, ...(CPU_PROF !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${resolve(CPU_PROF || '.')}`] : []), '--import', 'tsx', 'edge/src/node.ts']
  const edge = await startEdge({
    command: node,
    env: { HUIKE_DB: join(dir, 'huike.db'), HUIKE_RATE_LIMIT: '0', HUIKE_EVENTS_RATE_LIMIT: '0', ...(!PACING && { HUIKE_OFFLINE_PACING: '0' }) },
  })
  try {
    console.log(`bench:load: edge pid ${edge.pid}, offline responder ${PACING ? 'paced (15 ms between pieces)' : 'unpaced (HUIKE_OFFLINE_PACING=0)'}, ${SECONDS} s per level${CPU_PROF !== undefined ? `, CPU profile to ${resolve(CPU_PROF || '.')}` : ''}`)
    const rssStart = rssMb(edge.pid)
    const warm = await runLevel(edge.port, LEVELS[0]!, WARM_UP_SECONDS)
    const rssWarm = rssMb(edge.pid)
    console.log(`RSS after start-up ${fmt(rssStart)} MB; after warm-up (${warm.replies.length} replies) ${fmt(rssWarm)} MB`)
    console.log('| visitors | replies | replies/s | first delta p50 / p99 | done p50 / p99 | edge CPU per reply | failed | RSS after | bench client CPU per reply, loop delay p99 |')
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (const concurrency of LEVELS) {
      const cpuBefore = cpuMs(edge.pid)
      const level = await runLevel(edge.port, concurrency, SECONDS)
      const cpuPerReply = (cpuMs(edge.pid) - cpuBefore) / level.replies.length
      const first = percentiles(level.replies.map((r) => r.firstDeltaMs))
      const done = percentiles(level.replies.map((r) => r.doneMs))
      if (process.env.BENCH_DIAG) {
        for (const from of [500, 1000, 2000]) {
          const late = percentiles(level.replies.filter((r) => r.atMs! >= from).map((r) => r.firstDeltaMs))
          console.log(`  replies sent ${from} ms or more into the level: first delta p50 ${fmt(late.p50)} / p99 ${fmt(late.p99)} ms`)
        }
      }
      console.log(
        `| ${concurrency} | ${level.replies.length.toLocaleString('en-US')} | ${fmt(level.replies.length / level.seconds, 0)} | ${fmt(first.p50)} / ${fmt(first.p99)} ms | ${fmt(done.p50)} / ${fmt(done.p99)} ms | ${fmt(cpuPerReply, 2)} ms | ${level.failures} | ${fmt(rssMb(edge.pid))} MB | ${fmt(level.clientCpuPerReply, 2)} ms, ${fmt(level.clientLagP99)} ms |`,
      )
    }
    // Memory at a steady load: from after the last level (the edge warm at that concurrency) to after
    // SOAK_REPLIES more replies at the same concurrency. Growth here is what a leak would look like.
    const concurrency = LEVELS.at(-1)!
    const rssBefore = rssMb(edge.pid)
    const soak = await runLevel(edge.port, concurrency, 3_600, SOAK_REPLIES)
    const rssAfter = rssMb(edge.pid)
    const growth = ((rssAfter - rssBefore) / rssBefore) * 100
    console.log(`RSS at ${concurrency} visitors: ${fmt(rssBefore)} MB → ${fmt(rssAfter)} MB after ${soak.replies.length.toLocaleString('en-US')} more replies (${growth >= 0 ? '+' : ''}${fmt(growth)} %; ${fmt(soak.replies.length / soak.seconds, 0)} replies/s, ${soak.failures} failed)`)
  } finally {
    await edge.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
