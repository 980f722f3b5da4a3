// Visitors of channels without a browser (WeChat, WeCom, apps): what the widget keeps in IndexedDB
// — profile, conversation, session — kept in the event database instead (migrations/0005_channels.sql;
// SQLite on Node, D1 on Workers). A channel user (an openid, an app's user id) points at a visitor;
// linking users to one shop customer points them all at that customer's visitor, so one profile and
// one conversation follow the customer across channels.
import type { Channel } from '../answer-turn.ts'
import { MAX_HISTORY, type ChatMessage, type VisitorProfile } from '../../../shared/protocol.ts'
import { MIGRATIONS } from '../store/migrations.ts'
import { SqlEventStore, type Row, type SqlDriver } from '../store/sql-store.ts'

/** A session ends after this long without a message, as in the widget (widget/src/app/storage.ts). */
export const SESSION_IDLE_MS = 30 * 60 * 1000
/** How long a channel message id is remembered to answer a retry once (WeChat retries for 15 s). */
export const SEEN_TTL_MS = 24 * 3600 * 1000

export interface VisitorState {
  profile: VisitorProfile
  /** The conversation so far, oldest first, at most MAX_HISTORY × 2 entries. */
  messages: ChatMessage[]
  /** Quick replies last offered, numbered 1…n in the channel's text: "回复 1" picks the first. */
  options: string[]
}

export interface ChannelVisitor extends VisitorState {
  visitorId: string
  sessionId: string
  lastSeen: number
}

const CHANNELS_MIGRATION = MIGRATIONS.find((m) => m.name === '0005_channels.sql')!
const rid = (prefix: string) => `${prefix}${crypto.randomUUID().replaceAll('-', '')}`

/** The visitor of a shop customer, the same whichever channel they write from. */
export const customerVisitorId = (customerId: string) => `u_${customerId}`

export class ChannelVisitors {
  private ready: Promise<void> | undefined

  private lastPurge = 0

  /** `retentionDays`: visitors silent that long are forgotten (HUIKE_EVENTS_RETENTION_DAYS, as raw events are). */
  constructor(
    private readonly driver: SqlDriver,
    private readonly now: () => number = Date.now,
    private readonly retentionDays = 400,
  ) {}

  /**
   * Forgets visitors silent for longer than the retention (profile, conversation and channel users),
   * and message ids past their retry window; at most once a day, after a visit.
   */
  async purgeSilent(): Promise<number> {
    await this.migrate()
    const before = this.now() - this.retentionDays * 86_400_000
    const [, forgotten = 0] = await this.driver.batch([
      { sql: 'DELETE FROM channel_users WHERE visitor_id IN (SELECT visitor_id FROM channel_visitors WHERE last_seen < ?)', args: [before] },
      { sql: 'DELETE FROM channel_visitors WHERE last_seen < ?', args: [before] },
      { sql: 'DELETE FROM channel_messages_seen WHERE seen_at < ?', args: [this.now() - SEEN_TTL_MS] },
    ])
    return forgotten
  }

  private migrate(): Promise<void> {
    // The event store's migration runner: the same d1_migrations bookkeeping, the channel tables only.
    this.ready ??= new SqlEventStore(this.driver, [CHANNELS_MIGRATION]).migrate().catch((err: unknown) => {
      this.ready = undefined
      throw err
    })
    return this.ready
  }

  /**
   * The visitor behind a channel user, as of now: a new one on first contact; a new session (and
   * visits + 1, lastVisit set, as the widget does) after SESSION_IDLE_MS of silence.
   */
  async visit(channel: Channel, userId: string): Promise<ChannelVisitor> {
    await this.migrate()
    const now = this.now()
    const [row] = await this.driver.query(
      `SELECT u.visitor_id, v.session_id, v.last_seen, v.state FROM channel_users u
       LEFT JOIN channel_visitors v ON v.visitor_id = u.visitor_id WHERE u.channel = ? AND u.user_id = ?`,
      [channel, userId],
    )
    if (now - this.lastPurge > 86_400_000) {
      this.lastPurge = now
      void this.purgeSilent().catch(() => (this.lastPurge = 0)) // tried again at the next visit
    }
    const visitorId = row ? String(row.visitor_id) : rid('v_')
    if (!row) await this.driver.batch([{ sql: 'INSERT OR IGNORE INTO channel_users (channel, user_id, visitor_id, linked_at) VALUES (?, ?, ?, ?)', args: [channel, userId, visitorId, now] }])
    return startVisit(visitorId, row?.session_id == null ? undefined : toVisitor(visitorId, row), now)
  }

  /** Stores the visitor's state after a turn. */
  async save(visitor: ChannelVisitor): Promise<void> {
    await this.migrate()
    const state: VisitorState = { profile: visitor.profile, messages: visitor.messages.slice(-MAX_HISTORY * 2), options: visitor.options }
    await this.driver.batch([{
      sql: `INSERT INTO channel_visitors (visitor_id, session_id, last_seen, state) VALUES (?, ?, ?, ?)
            ON CONFLICT (visitor_id) DO UPDATE SET session_id = excluded.session_id, last_seen = excluded.last_seen, state = excluded.state`,
      args: [visitor.visitorId, visitor.sessionId, visitor.lastSeen, JSON.stringify(state)],
    }])
  }

  /**
   * Points a channel user at the shop customer's visitor. The user's own state moves there when the
   * customer has none yet (their first channel); otherwise the customer's is kept.
   */
  async link(channel: Channel, userId: string, customerId: string): Promise<string> {
    await this.migrate()
    const target = customerVisitorId(customerId)
    const [row] = await this.driver.query('SELECT visitor_id FROM channel_users WHERE channel = ? AND user_id = ?', [channel, userId])
    const previous = row ? String(row.visitor_id) : undefined
    await this.driver.batch([
      { sql: `INSERT INTO channel_users (channel, user_id, visitor_id, linked_at) VALUES (?, ?, ?, ?)
              ON CONFLICT (channel, user_id) DO UPDATE SET visitor_id = excluded.visitor_id, linked_at = excluded.linked_at`, args: [channel, userId, target, this.now()] },
      ...(previous && previous !== target
        ? [{ sql: `INSERT OR IGNORE INTO channel_visitors (visitor_id, session_id, last_seen, state)
                   SELECT ?, session_id, last_seen, state FROM channel_visitors WHERE visitor_id = ?`, args: [target, previous] }]
        : []),
    ])
    return target
  }

  /**
   * A channel user seen for the first time becomes whoever `alias` (another id of the same person,
   * e.g. their WeChat unionid) was linked to; false when this user is known already or the alias is not.
   */
  async follow(channel: Channel, userId: string, alias: string): Promise<boolean> {
    await this.migrate()
    const [changed = 0] = await this.driver.batch([{
      sql: `INSERT OR IGNORE INTO channel_users (channel, user_id, visitor_id, linked_at)
            SELECT ?, ?, visitor_id, ? FROM channel_users WHERE channel = ? AND user_id = ?`,
      args: [channel, userId, this.now(), channel, alias],
    }])
    return changed > 0
  }

  /** Whether this channel user has been seen (or linked) before. */
  async known(channel: Channel, userId: string): Promise<boolean> {
    await this.migrate()
    return (await this.driver.query('SELECT 1 FROM channel_users WHERE channel = ? AND user_id = ?', [channel, userId])).length > 0
  }

  /** Claims a channel's message id; false when it was claimed before (the channel retried it). */
  async claimMessage(channel: Channel, messageId: string): Promise<boolean> {
    await this.migrate()
    const now = this.now()
    const [claimed = 0] = await this.driver.batch([
      { sql: 'INSERT INTO channel_messages_seen (channel, message_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', args: [channel, messageId, now] },
    ])
    return claimed > 0
  }

  /** A named cursor (WeCom's sync_msg position), kept between callbacks. */
  async cursor(name: string): Promise<string | undefined> {
    await this.migrate()
    const [row] = await this.driver.query('SELECT cursor FROM channel_cursors WHERE name = ?', [name])
    return row ? String(row.cursor) : undefined
  }

  async setCursor(name: string, cursor: string): Promise<void> {
    await this.migrate()
    await this.driver.batch([{ sql: 'INSERT INTO channel_cursors (name, cursor) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor', args: [name, cursor] }])
  }

  /** "删除我的数据": the visitor's profile and conversation, and every channel user pointing at it. */
  async erase(visitorId: string): Promise<boolean> {
    await this.migrate()
    const changes = await this.driver.batch([
      { sql: 'DELETE FROM channel_visitors WHERE visitor_id = ?', args: [visitorId] },
      { sql: 'DELETE FROM channel_users WHERE visitor_id = ?', args: [visitorId] },
    ])
    return changes.some((n) => n > 0)
  }

  /** A visitor's stored state, read only (no visit counted): a customer's profile for the web widget. */
  async stateOf(visitorId: string): Promise<VisitorState | undefined> {
    await this.migrate()
    const [row] = await this.driver.query('SELECT state FROM channel_visitors WHERE visitor_id = ?', [visitorId])
    return row ? readState(row.state) : undefined
  }

  /** Updates a visitor's stored profile (from {} when none), keeping their conversation and session (a new row when none). */
  async updateProfile(visitorId: string, update: (stored: VisitorProfile) => VisitorProfile): Promise<void> {
    const stored = await this.stateOf(visitorId)
    const state: VisitorState = { profile: update(stored?.profile ?? {}), messages: stored?.messages ?? [], options: stored?.options ?? [] }
    await this.driver.batch([{
      sql: `INSERT INTO channel_visitors (visitor_id, session_id, last_seen, state) VALUES (?, ?, ?, ?)
            ON CONFLICT (visitor_id) DO UPDATE SET state = excluded.state`,
      args: [visitorId, rid('s_'), this.now(), JSON.stringify(state)],
    }])
  }

  /** The channel users who are this visitor (a person's replies go to each). */
  async usersOf(visitorId: string): Promise<{ channel: Channel; userId: string }[]> {
    await this.migrate()
    const rows = await this.driver.query('SELECT channel, user_id FROM channel_users WHERE visitor_id = ? ORDER BY linked_at', [visitorId])
    return rows.map((u) => ({ channel: String(u.channel) as Channel, userId: String(u.user_id) }))
  }

  /** What is stored about a visitor, for "导出我的数据". */
  async export(visitorId: string): Promise<(VisitorState & { users: { channel: string; userId: string }[] }) | undefined> {
    await this.migrate()
    const [row] = await this.driver.query('SELECT state FROM channel_visitors WHERE visitor_id = ?', [visitorId])
    const users = await this.usersOf(visitorId)
    if (!row && !users.length) return undefined
    return { ...readState(row?.state), users }
  }
}

function readState(raw: unknown): VisitorState {
  const state = (typeof raw === 'string' ? JSON.parse(raw) : {}) as Partial<VisitorState>
  return { profile: state.profile ?? {}, messages: state.messages ?? [], options: state.options ?? [] }
}

function toVisitor(visitorId: string, row: Row): ChannelVisitor {
  return { visitorId, sessionId: String(row.session_id), lastSeen: Number(row.last_seen), ...readState(row.state) }
}

/** The visitor as this message finds them: the same session within SESSION_IDLE_MS, else a new visit. */
function startVisit(visitorId: string, stored: ChannelVisitor | undefined, now: number): ChannelVisitor {
  if (stored && now - stored.lastSeen <= SESSION_IDLE_MS) return { ...stored, lastSeen: now }
  const profile = stored?.profile ?? {}
  const visits = (profile.visits ?? 0) + 1
  return {
    visitorId,
    sessionId: rid('s_'),
    lastSeen: now,
    profile: stored ? { ...profile, visits, lastVisit: stored.lastSeen } : { visits },
    // A new visit keeps the conversation (as the widget keeps its messages) but not the old options.
    messages: stored?.messages ?? [],
    options: [],
  }
}
