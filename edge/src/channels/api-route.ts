// The API channel for apps and mini programs: the same assistant as the widget, for a user the shop's
// app knows by its own id, with the profile and conversation kept on the server (channel-visitors.ts).
//   POST   /v1/channels/api/messages       {userId, text, lang?} → {text, cards, suggestions, handoff}
//                                          (or the widget's event stream with `Accept: text/event-stream`)
//   POST   /v1/channels/api/links          {channel, userId, customerId} → 200: that channel user is now
//                                          the shop customer (a WeChat openid or unionid, an app user)
//   DELETE /v1/channels/api/users/:userId  → 204: the user's profile, conversation and events erased
// Every call needs `Authorization: Bearer <one of HUIKE_CHANNEL_API_KEYS>`: the shop's server holds
// the key, never an app's code. Each user has their own rate limit (HUIKE_RATE_LIMIT a minute).
import { Hono } from 'hono'
import { ApiMessageRequestSchema, ChannelLinkRequestSchema, type ApiMessageResponse } from '../../../shared/channels.ts'
import { inBackground } from '../background.ts'
import { bearer } from '../middleware/bearer.ts'
import { rateLimited } from '../middleware/rate-limit.ts'
import { sseResponse } from '../sse-response.ts'
import { readJson } from '../validate.ts'
import type { ChannelTurns } from './channel-turn.ts'

export interface ApiChannelOptions {
  turns: ChannelTurns
  /** HUIKE_CHANNEL_API_KEYS: several while a key is rotated. */
  keys: readonly string[]
}

export function apiChannelRoute({ turns, keys }: ApiChannelOptions): Hono {
  const route = new Hono()
  route.use('*', bearer({ tokens: keys, what: 'the API key', variable: 'HUIKE_CHANNEL_API_KEYS' }))

  route.post('/messages', async (c) => {
    const body = await readJson(c, ApiMessageRequestSchema)
    const retryAfter = turns.limited('api', body.userId)
    if (retryAfter !== undefined) throw rateLimited(`messages from this user: at most ${turns.perMinute} a minute`, retryAfter)
    const background = (task: Promise<unknown>) => inBackground(c, task)
    const message = { channel: 'api' as const, userId: body.userId, text: body.text, lang: body.lang }
    if ((c.req.header('accept') ?? '').includes('text/event-stream')) return sseResponse(await turns.stream(message, background), c.req.raw.signal)
    const answer = await turns.answer(message, background)
    return c.json({ text: answer.text, cards: answer.cards, suggestions: answer.suggestions, handoff: answer.handoff ?? null } satisfies ApiMessageResponse)
  })

  route.post('/links', async (c) => {
    const { channel, userId, customerId } = await readJson(c, ChannelLinkRequestSchema)
    const visitorId = await turns.visitors.link(channel, userId, customerId)
    return c.json({ channel, userId, customerId, visitorId })
  })

  route.delete('/users/:userId', async (c) => {
    await turns.erase('api', c.req.param('userId'))
    return c.body(null, 204)
  })
  return route
}
