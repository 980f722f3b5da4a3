// POST /v1/chat: validate, understand the turn, answer as a stream of server-sent events. Around
// the answer: the handoff session counters ride along in the `profile` patch, and a dialogue's
// notice (handoff, ticket) goes to the webhook once the stream is over, in the background
// (`waitUntil` on Workers, a promise nobody awaits on Node), so the visitor never waits for it.
// With a live channel (deps.live): a handoff puts the visitor in the shop's queue before the answer
// streams (so the widget's live stream finds it); while they wait, each turn is copied into the
// conversation; while a person holds it, the visitor's words go to that person and the assistant is silent.
import { Hono, type Context } from 'hono'
import { maskPII } from '../../shared/mask.ts'
import { ChatRequestSchema, type ChatEvent, type VisitorProfile } from '../../shared/protocol.ts'
import type { AppDeps } from './app.ts'
import { createTurnLog } from './analytics/turn-log.ts'
import { chatEvents } from './chat-events.ts'
import { prepareTurn } from './chat-turn.ts'
import { turnSessionPatch } from './dialogue/handoff-session.ts'
import { liveHandoffReason, silentTurn, visitorContext } from './live/chat-live.ts'
import { deliverNotice } from './notify/notice.ts'
import { inBackground } from './background.ts'
import { withRegion } from './region.ts'
import { replyLanguage } from './understanding/language.ts'
import { sseResponse } from './sse-response.ts'
import { inTurnBudget } from './turn-budget.ts'
import { readJson } from './validate.ts'

export function chatRoute(deps: AppDeps): Hono {
  const route = new Hono()
  const logTurn = deps.store && createTurnLog(deps.store, () => deps.config)
  const log = deps.log ?? ((m: string) => console.warn(m))
  route.post('/', async (c) => {
    const parsed = await readJson(c, ChatRequestSchema)
    // Masked on arrival (the widget already did; an older one or a direct call may not have): no
    // handler, prompt, webhook or stored event downstream ever holds a raw phone number or ID.
    const messages = parsed.messages.map((m) => ({ ...m, content: maskPII(m.content) }))
    const lang = replyLanguage(parsed.lang, messages.at(-1)!.content)
    const request = { ...parsed, messages, lang, page: withRegion(parsed.page, c.req.header('cf-ipcountry')) }
    const desk = deps.live
    // The live channel failing (its database) must not take the assistant down with it: logged, then answered as usual.
    const attempt = <T>(what: string, task: () => Promise<T>) =>
      task().catch((err: unknown) => void log(`huike: live ${what} failed: ${err instanceof Error ? err.message : String(err)}`))
    const open = desk && (await attempt('lookup', () => desk.openFor(request.visitorId)))
    const question = messages.at(-1)!.content
    if (open) await attempt('transcript', () => desk.append(open, { role: 'user', content: question }))
    if (open?.status === 'active') return sseResponse(() => silentTurn(deps.model.provider), c.req.raw.signal)
    const turn = await inTurnBudget(() => prepareTurn(request, deps.catalog, deps.config, deps.now?.(), { webhook: !!deps.webhook?.url, ...(desk && { live: { waitMs: desk.waitMs } }) }))
    const reply = { firstTokenTimeoutMs: deps.firstTokenTimeoutMs, idleTimeoutMs: deps.streamIdleMs, log: deps.log }
    const session = turnSessionPatch(request, turn.sentiment, turn.plan)
    const dialogue = turn.plan.kind === 'dialogue' ? turn.plan.reply : undefined
    const notice = dialogue?.notice
    const background = (task: Promise<unknown>) => inBackground(c, task)
    const reason = desk && !open ? liveHandoffReason(dialogue) : undefined
    const conversation =
      reason && desk
        ? await attempt('handoff', () => desk.handoff({ visitorId: request.visitorId, sessionId: request.sessionId, reason, visitor: visitorContext(request, turn, deps.catalog, deps.config), transcript: messages }))
        : open
    const onEnd = (streamed: string) => {
      const answer = streamed || dialogue?.text
      if (desk && conversation && answer) {
        background(attempt('transcript', () => desk.append(conversation, { role: 'assistant', content: answer })))
      }
      if (notice) {
        const delivery = deliverNotice({ notice, topic: dialogue.topic, request, reply: streamed || dialogue.text, config: deps.config, settings: deps.webhook, log: deps.log })
        deps.onNotice?.(delivery)
        background(delivery)
      }
      if (logTurn) {
        const logged = logTurn({ request, turn, now: deps.now?.() ?? Date.now() }, streamed)
        background(logged.catch((err: unknown) => log(`huike: turn not logged: ${err instanceof Error ? err.message : String(err)}`)))
      }
    }
    return sseResponse(
      (signal) => aroundAnswer(chatEvents(turn, request.profile, { model: deps.model, offline: deps.offline, config: deps.config, catalog: deps.catalog, reply }, signal), session, onEnd),
      c.req.raw.signal,
    )
  })
  return route
}

/**
 * The answer's events, with `session` merged into its profile patch (or a patch of its own before
 * `done`), and `onEnd(text)` called once with the streamed text when the stream is over: after
 * `done`, after an error, or when the visitor went away.
 */
async function* aroundAnswer(events: AsyncGenerator<ChatEvent>, session: VisitorProfile | undefined, onEnd?: (text: string) => void): AsyncGenerator<ChatEvent> {
  let text = ''
  let patched = session === undefined
  let ended = false
  const end = () => {
    if (ended || !onEnd) return
    ended = true
    onEnd(text)
  }
  try {
    for await (const e of events) {
      if (e.event === 'delta') text += e.data.text
      if (e.event === 'profile' && !patched) {
        patched = true
        yield { event: 'profile', data: { patch: { ...e.data.patch, ...session } } }
        continue
      }
      if (e.event === 'done' && !patched) {
        patched = true
        yield { event: 'profile', data: { patch: session! } }
      }
      yield e
      if (e.event === 'done') end()
    }
  } finally {
    end()
  }
}
