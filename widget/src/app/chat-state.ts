// The conversation as signals, and every action on it: send / stop / retry / greet / forget, stream events
// applied to one assistant message, profile patches merged, persisted to the KV store and shared with
// the visitor's other tabs. The view only reads these signals and calls these actions.
import { batch, signal } from './state.ts'
import { EVENT_TYPE } from '../../../shared/limits.ts'
import { createEmitter } from './emitter.ts'
import { fitBody, pageContext, toHistory } from './history.ts'
import { createLiveSession } from './live/session.ts'
import type { LiveState } from './live/types.ts'
import { createLeaveMessageSender, markSent } from './leave-message.ts'
import { masker } from './masker.ts'
import { exposure, marketingDenied, visitFlag } from './marketing.ts'
import { brandName, cleanStored, knownCards, strings } from './sanitize.ts'
import { rid, touchIdentity, type Identity, type KV } from './storage.ts'
import { openSync, type SyncMessage } from './sync.ts'
import { createEventQueue } from './events.ts'
import { postJson, streamChat } from './transport.ts'
import { createVisitorToken } from './visitor-token.ts'
import {
  MAX_MESSAGE_CHARS,
  type Card, type ChatError, type CouponCard, type GreetResponse, type Lang, type Message, type Status, type VisitorProfile,
} from './types.ts'

export interface ChatOptions {
  endpoint: string
  lang: Lang
  kv: KV
  now?: () => number
  fetch?: typeof fetch
  /** BroadcastChannel name shared by the visitor's tabs. */
  channel?: string
  /** The bubble chunk's /v1/greet answer (MountOptions.greeted): used by the first greet instead of asking. */
  greeted?: Promise<GreetResponse | null>
  /** How long events wait to be sent as a batch; 0 sends each at once (tests). */
  flushMs?: number
}

/** Events of `huike('on', name, fn)`; handoff, coupon and conversion fire once those features exist. */
export type ChatEventName = 'open' | 'close' | 'message' | 'reply' | 'handoff' | 'coupon' | 'conversion'

const MAX_STORED = 200
const CSAT_KEY = 'huike:csat'
/** Asking in the chat to be forgotten opens the same confirm step as the preference center. */
const ERASE_ASK = /^(?:请)?(?:帮我)?删除我的(?:对话记录|聊天记录|数据)[。！!.]?$|^(?:please\s+)?delete my (?:data|conversation)[.!]?$/i

export function createChat(o: ChatOptions) {
  const now = o.now ?? Date.now
  void masker() // fetched while the panel renders, so the first send does not wait for it
  const f: typeof fetch = (input, init) => (o.fetch ?? fetch)(input, init)
  const messages = signal<Message[]>([])
  const status = signal<Status>('idle')
  const error = signal<ChatError | null>(null)
  const isOpen = signal(false)
  const greeting = signal(false)
  /** The model is reasoning before it answers (a `status` event): the typing indicator says so. */
  const thinking = signal(false)
  /** The "delete my data?" confirm step is showing. */
  const confirming = signal(false)
  /** The 1–5 satisfaction question is showing (after a person closed the chat, a case or a flow; once per session). */
  const csat = signal(false)
  /** What the 1–5 is about when not the last answer's topic: 'live' after a person closed the chat. */
  let csatTopic: string | undefined
  /** "Delete my data" just ran: the empty panel says so. */
  const erased = signal(false)
  const profile = signal<VisitorProfile>({})
  const brand = signal('')
  const page: { productId?: string; category?: string } = {}
  const { on, emit } = createEmitter<ChatEventName>()
  const events = createEventQueue({ endpoint: o.endpoint, kv: o.kv, fetch: f, flushMs: o.flushMs })
  // A 409 on registration moves the device to an id the edge minted: what it sends from now on goes there.
  const token = createVisitorToken({ endpoint: o.endpoint, kv: o.kv, fetch: f, moved: (v) => (id = { ...id, visitorId: v }) })
  let id: Identity = { visitorId: rid('v_'), sessionId: rid('s_') }
  let current: AbortController | null = null
  let replyId: string | null = null
  const greeted = o.greeted?.catch(() => null)
  let asked = false // the bubble's answer serves the first greeting only; after `forget`, ask afresh
  let opening: Promise<void> | undefined

  const find = (mid: string | null) => (mid ? messages.value.find((m) => m.id === mid) : undefined)
  const upsert = (m: Message) => {
    const list = messages.value
    messages.value = list.some((x) => x.id === m.id) ? list.map((x) => (x.id === m.id ? m : x)) : [...list, m]
  }
  const persist = () =>
    o.kv.set('messages', messages.value.filter((m) => m.status !== 'streaming').slice(-MAX_STORED))
  /** A finished message: shown, stored, announced to the other tabs. */
  const publish = (m: Message) => {
    upsert(m)
    void persist()
    sync.post({ t: 'msg', m })
  }

  const sync = openSync((msg: SyncMessage) => {
    if (msg.t === 'msg') upsert(msg.m)
    else if (msg.t === 'profile') profile.value = msg.p
    else if (msg.t === 'forget') reset()
    else if (msg.t === 'live') live.set(msg.s, false)
    else if (msg.t === 'typing') live.typing.value = msg.name
  }, o.channel)

  /** A live handoff to a person (live/): its state, the person's typing, and the channel while it is open. */
  const live = createLiveSession({
    endpoint: o.endpoint, kv: o.kv, fetch: f, messages, publish, post: (m) => sync.post(m),
    visitorId: () => id.visitorId,
    token: () => token.get(id.visitorId, () => id.visitorId).then((t) => t?.token),
    // The person closed the chat: the moment to ask for 1–5 (counted as satisfaction after a handoff).
    closed() {
      if (visitFlag(CSAT_KEY)) return
      csatTopic = 'live'
      csat.value = true
    },
  })

  let started = false // `ready` has resolved: events can be queued in the same tick
  const ready = (async () => {
    // Identity first: a new visit updates the stored profile (visits, lastVisit) before it is read.
    id = await touchIdentity(o.kv, now())
    const [stored, prof, name, open] = await Promise.all([
      o.kv.get<unknown>('messages'),
      o.kv.get<VisitorProfile>('profile'),
      o.kv.get<string>('brand'),
      o.kv.get<LiveState>('live'),
    ])
    const earlier = cleanStored(stored)
    messages.value = [...earlier, ...messages.value.filter((m) => !earlier.some((e) => e.id === m.id))]
    if (prof && typeof prof === 'object') profile.value = prof
    if (typeof name === 'string') brand.value = name
    // A conversation with a person still open (a reload, a new tab): its channel picks up where it was.
    if (open?.status) live.set(open, false)
    void token.get(id.visitorId, () => id.visitorId)
    started = true
  })()

  // The edge patches top-level keys and sends nested ones (marketing history, consent) whole: a shallow
  // merge keeps them exactly as sent.
  function mergeProfile(patch: unknown) {
    if (!patch || typeof patch !== 'object') return
    profile.value = { ...profile.value, ...(patch as VisitorProfile) }
    void o.kv.set('profile', profile.value)
    sync.post({ t: 'profile', p: profile.value })
  }

  /** touchIdentity, and when that started a new visit (idle too long), the profile it updated. */
  async function touch() {
    const before = id.sessionId
    id = await touchIdentity(o.kv, now())
    if (id.sessionId !== before) {
      const p = await o.kv.get<VisitorProfile>('profile')
      if (p && typeof p === 'object') profile.value = { ...profile.value, visits: p.visits, lastVisit: p.lastVisit }
    }
  }

  /** Cards to show: well-formed, and no offers to a visitor who refused marketing. Offers are counted. */
  function admit(cards: unknown): Card[] {
    const ok = knownCards(cards).filter((c) => c.type !== 'coupon' || !marketingDenied(profile.value))
    for (const c of ok) if (c.type === 'coupon') void track('coupon_shown', { offerId: c.offerId })
    return ok
  }

  function reset() {
    const ctrl = current
    current = null
    ctrl?.abort()
    batch(() => {
      live.reset()
      messages.value = []
      profile.value = {}
      status.value = 'idle'
      error.value = null
      csat.value = false
    })
  }

  async function request(): Promise<void> {
    const ctrl = new AbortController()
    current = ctrl
    replyId = null
    batch(() => {
      status.value = 'waiting'
      error.value = null
      thinking.value = false
    })
    await touch()
    const maskPII = await masker()
    if (current !== ctrl) return
    const body = fitBody({
      ...id,
      // Phone numbers, ids, cards, e-mails and addresses leave the device masked (the bubble keeps the original).
      messages: toHistory(messages.value).map((m) => ({ ...m, content: maskPII(m.content) })),
      profile: profile.value,
      page: pageContext(page),
      lang: o.lang,
    })
    // Every piece of the reply lands in one assistant message, created by whichever event comes first.
    const edit = (fn: (m: Message) => Message) => {
      const m = fn(find(replyId) ?? { id: rid('m_'), role: 'assistant', text: '', ts: now(), status: 'streaming' })
      replyId = m.id
      batch(() => {
        upsert(m)
        status.value = 'streaming'
      })
    }
    // reply_latency: from the request to the first piece of text, as the visitor waits for it.
    const t0 = now()
    let latency: number | undefined
    let topic = ''
    let about = ''
    const err = await streamChat(o.endpoint, body, ctrl.signal, (e) => {
      if (current !== ctrl) return
      if (e.event === 'meta') {
        topic = String(e.data.topic ?? '')
        about = String(e.data.topic ?? e.data.intent ?? '')
      }
      if (e.event === 'delta' && latency === undefined) latency = now() - t0
      if (e.event === 'delta' && typeof e.data.text === 'string') edit((m) => ({ ...m, text: m.text + e.data.text }))
      else if (e.event === 'card' && admit([e.data]).length) {
        edit((m) => ({ ...m, cards: [...(m.cards ?? []), e.data] }))
        // A guided flow that reached its products, a return or warranty case opened: outcomes for the report.
        // A resolved conversation (a case opened, a flow completed): ask for 1–5, once a visit. Not at a
        // handoff: the person closing the chat asks (setLive).
        const resolved = e.data.type === 'ticket' || (e.data.type === 'product' && topic.startsWith('flow:'))
        if (resolved && !visitFlag(CSAT_KEY)) csat.value = true
        if (e.data.type === 'ticket') void track('ticket_created', { ticketId: e.data.id, kind: e.data.kind })
        if (e.data.type === 'product' && topic.startsWith('flow:')) {
          void track('flow_completed', { flow: topic.slice(5), productId: e.data.product.id })
          topic = '' // once per reply, not once per card
        }
        if (e.data.type === 'handoff') {
          emit('handoff', { reason: e.data.reason, online: e.data.online })
          void track('handoff', { reason: e.data.reason })
          // A person can join: wait for them on the live channel.
          if (e.data.live && !live.isOpen()) live.set({ status: 'waiting' }, true)
        }
      }
      else if (e.event === 'suggest') edit((m) => ({ ...m, suggestions: strings(e.data.replies).slice(0, 6) }))
      else if (e.event === 'profile') mergeProfile(e.data.patch)
      else if (e.event === 'status') thinking.value = e.data.state === 'thinking'
    }, f)
    if (current !== ctrl) return // stopped, forgotten, or superseded
    current = null
    const reply = find(replyId)
    if (err) {
      // The partial reply goes: retry asks again from the same question.
      batch(() => {
        if (reply) messages.value = messages.value.filter((m) => m !== reply)
        status.value = 'error'
        error.value = err
      })
      return
    }
    status.value = 'idle'
    if (reply) {
      publish({ ...reply, status: 'done', topic: about })
      emit('reply', { text: reply.text, cards: reply.cards ?? [] })
      if (latency !== undefined) void track('reply_latency', { ms: latency, messageId: reply.id })
    }
  }

  async function send(text: unknown): Promise<void> {
    const clean = String(text ?? '').trim().slice(0, MAX_MESSAGE_CHARS)
    if (!clean) return
    if (ERASE_ASK.test(clean)) {
      confirming.value = true
      return
    }
    await ready
    stop()
    publish({ id: rid('m_'), role: 'user', text: clean, ts: now(), status: 'done' })
    emit('message', { text: clean })
    // A person holds the conversation: it goes to them (masked like any text that leaves), the assistant
    // stays silent. Not taken (offline, just released): the assistant answers.
    if (live.state.value?.status === 'active' && (await live.send((await masker())(clean)))) return
    await request()
  }

  /** Aborts the reply in flight; what already arrived stays, marked stopped. */
  function stop() {
    const ctrl = current
    if (!ctrl) return
    current = null
    ctrl.abort()
    const reply = find(replyId)
    status.value = 'idle'
    if (reply) publish({ ...reply, status: 'stopped' })
  }

  async function retry(): Promise<void> {
    if (current || status.value !== 'error') return
    if (messages.value.at(-1)?.role !== 'user') {
      batch(() => ((status.value = 'idle'), (error.value = null)))
      return
    }
    await request()
  }

  // A visit through someone's share link (?ref=…), counted once per visit for the referrer's reward.
  const ref = typeof location === 'object' ? new URLSearchParams(location.search).get('ref') : null
  if (ref && !visitFlag('huike:ref')) {
    visitFlag('huike:ref', true)
    void track('referral_visit', { ref })
  }

  // The bubble chunk's answer, once: its profile patch (marketing history) lands in the signal too.
  void greeted?.then((r) => ready.then(() => r && mergeProfile(r.profile)))

  /** The greet answer: the bubble chunk's the first time, else a new /v1/greet request. */
  async function greetResponse(): Promise<GreetResponse | null> {
    const pre = asked ? null : await greeted
    asked = true
    if (pre) return pre
    await touch()
    const r = await postJson<GreetResponse>(
      `${o.endpoint}/v1/greet`,
      { visitorId: id.visitorId, page: pageContext(page), profile: profile.value, lang: o.lang },
      f,
    )
    if (!r.ok || !r.value) return null
    mergeProfile(r.value.profile)
    const x = exposure(r.value)
    if (x) void track('experiment_exposure', x)
    return r.value
  }

  /** The greeting as an assistant message (not sent back as conversation), with its quick replies and cards. */
  function publishGreeting(text: string, r: GreetResponse | null) {
    const name = brandName(r?.brand)
    if (name) {
      brand.value = name
      void o.kv.set('brand', name)
    }
    publish({
      id: rid('m_'), role: 'assistant', text, ts: now(), status: 'done', greeting: true,
      suggestions: strings(r?.suggestions).slice(0, 6), cards: admit(r?.cards),
    })
  }

  /** First open with no history: the edge's greeting as the first assistant message. */
  async function greet(): Promise<void> {
    await ready
    await opening
    if (messages.value.length || greeting.value) return
    greeting.value = true
    const r = await greetResponse()
    greeting.value = false
    if (!r || messages.value.length || typeof r.greeting !== 'string' || !r.greeting) return
    publishGreeting(r.greeting, r)
  }

  /** The visitor clicked the proactive bubble: its text becomes the newest assistant message. */
  function opener(text: unknown): Promise<void> {
    const clean = typeof text === 'string' ? text.trim().slice(0, MAX_MESSAGE_CHARS) : ''
    return (opening = (async () => {
      await ready
      if (!clean) return
      const last = messages.value.at(-1)
      if (last?.greeting && last.text === clean) return
      asked = true
      publishGreeting(clean, await greeted ?? null)
    })())
  }

  /** The copy button of a coupon card: counted, and told to `huike('on', 'coupon', fn)` listeners. */
  function couponCopied(c: CouponCard) {
    emit('coupon', { offerId: c.offerId, code: c.code })
    void track('coupon_copied', { offerId: c.offerId })
  }

  /** 👍 / 👎 on a finished reply: remembered on the message, counted as a `feedback` event. */
  function feedback(messageId: string, value: 1 | -1) {
    const m = find(messageId)
    if (!m || m.feedback === value) return
    publish({ ...m, feedback: value })
    // A 👎 names its question (masked; the edge keeps it only if the site retains transcripts).
    const q = messages.value.slice(0, messages.value.indexOf(m)).reverse().find((x) => x.role === 'user')?.text
    void masker().then((maskPII) => track('feedback', { messageId, value, topic: m.topic, ...(value < 0 && q && { q: maskPII(q) }) }))
  }

  /** The satisfaction answer (1–5; 0: skipped), once per session: a `feedback` event `{csat}`. */
  function rate(n: number) {
    visitFlag(CSAT_KEY, true)
    csat.value = false
    if (n) void track('feedback', { csat: n, topic: csatTopic ?? [...messages.value].reverse().find((m) => m.topic)?.topic })
  }

  async function track(type: unknown, props?: unknown): Promise<void> {
    const name = String(type)
    // The edge refuses a batch with a bad name: warn the site's developer, keep the other events flowing.
    if (!EVENT_TYPE.test(name)) return console.warn('[huike] event names are snake_case:', name)
    // In the same tick when possible: a click that leaves the page (a product link) must queue its
    // event, and start sending it, before the navigation does.
    if (!started) await ready
    const p = props && typeof props === 'object' ? (props as Record<string, unknown>) : {}
    events.push({ type: name, visitorId: id.visitorId, sessionId: id.sessionId, ts: now(), props: p })
    // Cart abandonment is decided by the edge on the next /v1/greet, from this flag in the profile;
    // a purchase's product is remembered (the last 20) for repurchase reminders.
    if (name === 'cart_add') mergeProfile({ cartAbandoned: true })
    if (name === 'purchase' || name === 'conversion') {
      const pid = p.productId
      const bought = pid == null ? {} : { purchases: [...(profile.value.purchases ?? []), { productId: String(pid), ts: now() }].slice(-20) }
      mergeProfile({ cartAbandoned: false, ...bought })
      emit('conversion', p)
    }
  }

  /** Marketing consent (`huike('consent', …)` or the preference center), stored and counted. */
  async function setConsent(marketing: boolean): Promise<void> {
    await ready
    mergeProfile({ consent: { marketing } })
    void track('consent', { marketing })
  }

  function setOpen(open: boolean) {
    if (isOpen.value === open) return
    isOpen.value = open
    emit(open ? 'open' : 'close')
    if (open) {
      void greet()
      void track('widget_open')
    }
  }

  /**
   * Deletes everything stored about the visitor here and in the other tabs; a new visitor id next time.
   * `forget` erases the edge's copy too; `reset` (logout) leaves it: the old visitor's events still
   * count in the shop's analytics, and what was queued for them goes out first.
   */
  async function wipe(edge: boolean): Promise<void> {
    await ready
    confirming.value = false
    const noOffers = edge && marketingDenied(profile.value)
    // The edge's copy goes too (fire-and-forget); the local wipe never waits on it.
    if (edge) await token.erase()
    else void events.flush()
    token.drop()
    events.clear()
    reset()
    sync.post({ t: 'forget' })
    await o.kv.clear()
    id = { visitorId: rid('v_'), sessionId: rid('s_') }
    erased.value = edge
    // Deleting the data is not a yes to marketing: a "no" stays a "no".
    if (noOffers) mergeProfile({ consent: { marketing: false } })
  }
  const forget = () => wipe(true)
  const logout = () => wipe(false)

  /** "Download my data": the edge's export (when there is a token) plus the conversation and profile kept here. */
  async function exportData(): Promise<Record<string, unknown>> {
    await ready
    const edge = await token.exported(id.visitorId)
    return {
      visitorId: id.visitorId,
      exportedAt: new Date(now()).toISOString(),
      profile: profile.value,
      messages: messages.value.filter((m) => m.status !== 'streaming'),
      edge,
    }
  }

  /** "Leave a message" from a handoff card: sent with who is writing, then the card is stored as sent. */
  const leaveMessage = createLeaveMessageSender({
    endpoint: o.endpoint,
    lang: o.lang,
    fetch: f,
    who: () => id,
    remember: (card) => {
      const m = messages.value.find((x) => x.cards?.includes(card))
      if (m) publish({ ...m, cards: markSent(m.cards!, card) })
    },
  })

  return {
    messages, status, error, isOpen, greeting, thinking, confirming, csat, erased, rate, profile, brand, ready, setConsent,
    live, leaveMessage,
    send, stop, retry, greet, opener, couponCopied, feedback, track, setOpen, forget, logout, exportData, mergeProfile,
    setPage(ctx: unknown) {
      const c = (ctx && typeof ctx === 'object' ? ctx : {}) as { productId?: unknown; category?: unknown }
      page.productId = c.productId == null ? undefined : String(c.productId)
      page.category = c.category == null ? undefined : String(c.category)
    },
    on,
    /** Stops listening to other tabs and aborts a reply in flight (tests, or a host page tearing down). */
    dispose() {
      current?.abort()
      current = null
      live.stop()
      sync.close()
      events.dispose()
    },
  }
}

export type Chat = ReturnType<typeof createChat>
