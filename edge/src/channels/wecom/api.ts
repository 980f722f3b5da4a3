// Client for WeCom's "微信客服" (WeChat Customer Service) API on qyapi.weixin.qq.com: the access token,
// reading what customers sent (sync_msg, after the kf_msg_or_event callback), answering them, and the
// session state that decides who answers (the assistant, the queue, a person). Runtime-neutral, and the
// same token caching, single retry on a refused token, timeouts and secret scrubbing as the Official
// Account client (wechat/api.ts, whose call it shares).
// Docs: developer.work.weixin.qq.com/document/path/91039 (gettoken), /94670 (sync_msg),
// /94677 (send_msg), /95122 (send_msg_on_event), /94669 (service_state get/trans).
import { WeixinApiError, WeixinClient, type ApiFailure, type WeixinClientOptions } from '../wechat/weixin-client.ts'

export const DEFAULT_WECOM_API_BASE = 'https://qyapi.weixin.qq.com'
/** sync_msg's default and largest page. */
export const MAX_SYNC_LIMIT = 1000

/** Who a synced message is from (its `origin`). */
export const KF_ORIGIN = { customer: 3, system: 4, servicer: 5 } as const

/** Session states: 0 未处理 (new), 1 智能助手 (the API answers), 2 待接入池 (queued for a person), 3 人工接待 (a person answers), 4 已结束 (ended). */
export const KF_SERVICE_STATE = { new: 0, assistant: 1, queued: 2, servicer: 3, ended: 4 } as const
export type KfServiceState = (typeof KF_SERVICE_STATE)[keyof typeof KF_SERVICE_STATE]

export interface WecomApiOptions extends WeixinClientOptions {
  /** The API's origin, or DEFAULT_WECOM_API_BASE. */
  base: string
  corpId: string
  /** The secret of the self-built app allowed to call 微信客服 APIs. */
  secret: string
}

/** An event message (msgtype 'event', origin 4): enter_session, msg_send_fail, servicer_status_change, session_status_change, … */
export interface WecomKfEvent {
  event_type: string
  open_kfid?: string
  external_userid?: string
  scene?: string
  scene_param?: string
  welcome_code?: string
  fail_msgid?: string
  fail_type?: number
  servicer_userid?: string
  change_type?: number
  old_servicer_userid?: string
  new_servicer_userid?: string
  msg_code?: string
  recall_msgid?: string
  [field: string]: unknown
}

/** One entry of sync_msg's msg_list; other msgtypes (image, voice, location, …) keep their own field. */
export interface WecomKfMessage {
  msgid: string
  open_kfid: string
  external_userid: string
  /** Unix seconds. */
  send_time: number
  /** 3 customer, 4 system (events), 5 a servicer in the WeCom client: KF_ORIGIN. */
  origin: number
  servicer_userid?: string
  msgtype: string
  text?: { content: string; menu_id?: string }
  event?: WecomKfEvent
  [field: string]: unknown
}

export interface SyncMessagesRequest {
  /** The Token of the kf_msg_or_event callback (valid 10 minutes); without it sync_msg is strictly rate-limited. */
  token?: string
  /** nextCursor of the previous page; without it, from the oldest message of the last 3 days. */
  cursor?: string
  /** Only this servicer account's messages. */
  openKfId?: string
  /** 1..1000, default 1000; a page may hold fewer even when hasMore. */
  limit?: number
}

export interface SyncMessagesPage {
  nextCursor: string
  hasMore: boolean
  messages: WecomKfMessage[]
}

export class WecomApiError extends WeixinApiError {
  override name = 'WecomApiError'
  constructor(operation: string, errcode: number, errmsg: string, failure: ApiFailure = 'errcode') {
    super('WeCom', operation, errcode, errmsg, failure)
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

export class WecomApi extends WeixinClient {
  constructor(options: WecomApiOptions) {
    const tokenPath = `/cgi-bin/gettoken?corpid=${encodeURIComponent(options.corpId)}&corpsecret=${encodeURIComponent(options.secret)}`
    super(options, { product: 'WeCom', tokenPath, error: (...args) => new WecomApiError(...args) })
  }

  /** One page of customer messages and events (POST /cgi-bin/kf/sync_msg); follow nextCursor while hasMore. */
  async syncMessages(request: SyncMessagesRequest = {}): Promise<SyncMessagesPage> {
    const limit = Math.min(MAX_SYNC_LIMIT, Math.max(1, Math.floor(request.limit ?? MAX_SYNC_LIMIT)))
    const answer = await this.post('syncMessages', '/cgi-bin/kf/sync_msg', {
      ...(request.cursor && { cursor: request.cursor }),
      ...(request.token && { token: request.token }),
      limit,
      ...(request.openKfId && { open_kfid: request.openKfId }),
    })
    const list = Array.isArray(answer.msg_list) ? answer.msg_list : []
    return {
      nextCursor: typeof answer.next_cursor === 'string' ? answer.next_cursor : (request.cursor ?? ''),
      hasMore: answer.has_more === 1 || answer.has_more === true,
      messages: list.filter((m): m is WecomKfMessage => isRecord(m) && typeof m.msgid === 'string' && typeof m.msgtype === 'string'),
    }
  }

  /**
   * A text answer (POST /cgi-bin/kf/send_msg): only in session state 0 or 1 (else errcode 95018), within
   * 48 h of the customer's last message and at most 5 per customer message. `msgid`, if given, must be
   * unique for the account. Returns WeCom's msgid.
   */
  async sendText(message: { openKfId: string; externalUserId: string; text: string; msgid?: string }): Promise<{ msgid: string }> {
    const answer = await this.post('sendText', '/cgi-bin/kf/send_msg', {
      touser: message.externalUserId,
      open_kfid: message.openKfId,
      ...(message.msgid && { msgid: message.msgid }),
      msgtype: 'text',
      text: { content: message.text },
    })
    return { msgid: typeof answer.msgid === 'string' ? answer.msgid : (message.msgid ?? '') }
  }

  /**
   * A text answering an event (POST /cgi-bin/kf/send_msg_on_event): `code` is enter_session's
   * welcome_code (valid 20 s) or a msgCode from transferState; one message per code, used once.
   */
  async sendTextOnEvent(message: { code: string; text: string; msgid?: string }): Promise<{ msgid: string }> {
    const answer = await this.post('sendTextOnEvent', '/cgi-bin/kf/send_msg_on_event', { code: message.code, ...(message.msgid && { msgid: message.msgid }), msgtype: 'text', text: { content: message.text } })
    return { msgid: typeof answer.msgid === 'string' ? answer.msgid : (message.msgid ?? '') }
  }

  /** POST /cgi-bin/kf/service_state/get; servicerUserId only in state 3. */
  async serviceState(session: { openKfId: string; externalUserId: string }): Promise<{ serviceState: KfServiceState; servicerUserId?: string }> {
    const answer = await this.post('serviceState', '/cgi-bin/kf/service_state/get', { open_kfid: session.openKfId, external_userid: session.externalUserId })
    const servicer = typeof answer.servicer_userid === 'string' && answer.servicer_userid ? answer.servicer_userid : undefined
    return { serviceState: Number(answer.service_state ?? 0) as KfServiceState, ...(servicer && { servicerUserId: servicer }) }
  }

  /**
   * POST /cgi-bin/kf/service_state/trans; state 3 needs the servicer's userid. msgCode (moving to 2, 3 or 4)
   * is the one-time code for a greeting or farewell via send_msg_on_event.
   */
  async transferState(change: { openKfId: string; externalUserId: string; serviceState: KfServiceState; servicerUserId?: string }): Promise<{ msgCode?: string }> {
    const answer = await this.post('transferState', '/cgi-bin/kf/service_state/trans', {
      open_kfid: change.openKfId,
      external_userid: change.externalUserId,
      service_state: change.serviceState,
      ...(change.servicerUserId && { servicer_userid: change.servicerUserId }),
    })
    return typeof answer.msg_code === 'string' && answer.msg_code ? { msgCode: answer.msg_code } : {}
  }
}
