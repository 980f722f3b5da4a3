// Who a WeCom customer is to huike, and how to write to them unprompted. send_msg needs both the
// customer-service account (open_kfid) and the customer (external_userid), and a live relay only has
// the channel's user id to go on; so the user id carries both, "<open_kfid>/<external_userid>" (WeCom's
// ids are letters, digits, '_' and '-', never '/'). It also keeps a customer's conversations with two
// of the shop's accounts apart, as WeCom keeps them apart (one session per account and customer).
import type { ChannelSender } from '../live-relay.ts'
import type { WecomApi } from './api.ts'

export interface KfSession {
  openKfId: string
  externalUserId: string
}

export const wecomUserId = (s: KfSession): string => `${s.openKfId}/${s.externalUserId}`

/** The session a channel user id names; undefined for an id this channel did not make. */
export function kfSessionOf(userId: string): KfSession | undefined {
  const slash = userId.indexOf('/')
  if (slash <= 0 || slash === userId.length - 1 || userId.indexOf('/', slash + 1) >= 0) return undefined
  return { openKfId: userId.slice(0, slash), externalUserId: userId.slice(slash + 1) }
}

/** The live relay's way to a WeCom customer (live-relay.ts splits long texts before calling it). */
export function wecomSender(api: Pick<WecomApi, 'sendText'>): ChannelSender {
  return async (userId, text) => {
    const session = kfSessionOf(userId)
    if (!session) throw new Error(`not a WeCom channel user id (expected "<open_kfid>/<external_userid>")`)
    await api.sendText({ ...session, text })
  }
}
