// A person's words to visitors without a browser: when someone in the huike inbox takes over a
// WeChat (or WeCom) visitor's conversation, what the widget would show on GET /v1/live — "小王 已接入",
// the person's messages, the end — goes out through that channel's message API instead.
import type { Lang } from '../../../shared/protocol.ts'
import type { VisitorLiveEvent } from '../../../shared/live.ts'
import type { Channel } from '../answer-turn.ts'
import type { LiveRelay } from '../live/desk.ts'
import { CHANNEL_TEXTS } from './channel-texts.ts'
import type { ChannelVisitors } from './channel-visitors.ts'
import { splitForWechat } from './wechat/split-text.ts'

/** Sends a text to a channel's user; one per channel that can reach a user on its own. */
export type ChannelSender = (userId: string, text: string) => Promise<void>

/** The text a visitor reads for a live event; undefined: nothing to say (typing, waiting). */
export function liveEventText(event: VisitorLiveEvent, lang: Lang): string | undefined {
  const t = CHANNEL_TEXTS[lang]
  if (event.event === 'message') return event.data.role === 'agent' ? event.data.content : undefined
  if (event.event !== 'status') return undefined
  if (event.data.status === 'active' && event.data.agent) return t.agentJoined(event.data.agent.name)
  if (event.data.status === 'closed' && event.data.outcome !== 'unanswered') return t.agentLeft
  return undefined
}

export function channelRelay(visitors: ChannelVisitors, senders: Partial<Record<Channel, ChannelSender>>, lang: Lang = 'zh-CN'): LiveRelay {
  return {
    async toVisitor(visitorId, event) {
      const text = liveEventText(event, lang)
      if (!text) return
      for (const { channel, userId } of await visitors.usersOf(visitorId)) {
        const send = senders[channel]
        if (send) for (const piece of splitForWechat(text)) await send(userId, piece)
      }
    },
  }
}
