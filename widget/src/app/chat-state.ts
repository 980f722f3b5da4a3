// The conversation as signals, and every action on it: send / stop / retry / greet / forget, stream events
// applied to one assistant message, profile patches merged, persisted to the KV store and shared with
// the visitor's other tabs. The view only reads these signals and calls these actions.
import { batch, signal } from '@preact/signals'
import { createEmitter } from './emitter.ts'
import { fitBody, pageContext, toHistory } from './history.ts'
import { exposure, marketingDenied } from './marketing.ts'
import { brandName, cleanStored, knownCards, strings } from './sanitize.ts'
import { rid, touchIdentity, type Identity, type KV } from './storage.ts'
import { openSync, type SyncMessage } from './sync.ts'
import { postJson, sendEvents, streamChat } from './transport.ts'
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
}

/** Events of `huike('on', name, fn)`; handoff, coupon and conversion fire once those features exist. */
export type ChatEventName = 'open' | 'close' | 'message' | 'reply' | 'handoff' | 'coupon' | 'conversion'

const MAX_STORED = 200

export function createChat(o: ChatOptions) {
  const now = o.now ?? Date.now
  const f: typeof fetch = (input, init) => (o.fetch ?? fetch)(input, init)
  const messages = signal<Message[]>([])
  const status = signal<Status>('idle')
  const error = signal<ChatError | null>(null)
  const isOpen = signal(false)
  const greeting = signal(false)
  const profile = signal<VisitorProfile>({})
  const brand = signal('')
  const page: { productId?: string; category?: string } = {}
  const { on, emit } = createEmitter<ChatEventName>()
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
  }, o.channel)

  const ready = (async () => {
    // Identity first: a new visit updates the stored profile (visits, lastVisit) before it is read.
    id = await touchIdentity(o.kv, now())
    const [stored, prof, name] = await Promise.all([
      o.kv.get<unknown>('messages'),
      o.kv.get<VisitorProfile>('profile'),
      o.kv.get<string>('brand'),
    ])
    const earlier = cleanStored(stored)
    messages.value = [...earlier, ...messages.value.filter((m) => !earlier.some((e) => e.id === m.id))]
    if (prof && typeof prof === 'object') profile.value = prof
    if (typeof name === 'string') brand.value = name
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
      messages.value = []
      profile.value = {}
      status.value = 'idle'
      error.value = null
    })
  }

  async function request(): Promise<void> {
    const ctrl = new AbortController()
    current = ctrl
    replyId = null
    batch(() => {
      status.value = 'waiting'
      error.value = null
    })
    await touch()
    if (current !== ctrl) return
    const body = fitBody({
      ...id,
      messages: toHistory(messages.value),
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
    const err = await streamChat(o.endpoint, body, ctrl.signal, (e) => {
      if (current !== ctrl) return
      if (e.event === 'delta' && typeof e.data.text === 'string') edit((m) => ({ ...m, text: m.text + e.data.text }))
      else if (e.event === 'card' && admit([e.data]).length) {
        edit((m) => ({ ...m, cards: [...(m.cards ?? []), e.data] }))
        if (e.data.type === 'handoff') {
          emit('handoff', { reason: e.data.reason, online: e.data.online })
          void track('handoff', { reason: e.data.reason })
        }
      }
      else if (e.event === 'suggest') edit((m) => ({ ...m, suggestions: strings(e.data.replies).slice(0, 6) }))
      else if (e.event === 'profile') mergeProfile(e.data.patch)
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
      publish({ ...reply, status: 'done' })
      emit('reply', { text: reply.text, cards: reply.cards ?? [] })
    }
  }

  async function send(text: unknown): Promise<void> {
    const clean = String(text ?? '').trim().slice(0, MAX_MESSAGE_CHARS)
    if (!clean) return
    await ready
    stop()
    publish({ id: rid('m_'), role: 'user', text: clean, ts: now(), status: 'done' })
    emit('message', { text: clean })
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

  async function track(type: unknown, props?: unknown): Promise<void> {
    await ready
    const p = props && typeof props === 'object' ? (props as Record<string, unknown>) : {}
    sendEvents(o.endpoint, [{ type: String(type), visitorId: id.visitorId, sessionId: id.sessionId, ts: now(), props: p }], f)
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

  /** Deletes everything stored about the visitor, here and in the other tabs; a new visitor id next time. */
  async function forget(): Promise<void> {
    await ready
    reset()
    sync.post({ t: 'forget' })
    await o.kv.clear()
    id = { visitorId: rid('v_'), sessionId: rid('s_') }
  }

  return {
    messages, status, error, isOpen, greeting, profile, brand, ready,
    send, stop, retry, greet, opener, couponCopied, track, setOpen, forget, mergeProfile,
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
      sync.close()
    },
  }
}

export type Chat = ReturnType<typeof createChat>
