// The ConversationStore in SQL, over the events' driver (libsql on Node, D1 on Workers). Takes and
// ends are single conditional UPDATEs, so two people racing for one conversation cannot both win.
import type { Agent, ConversationDetail, ConversationOutcome, ConversationStatus, LiveMessage, LiveReason } from '../../../shared/live.ts'
import { VisitorContextSchema } from '../../../shared/live.ts'
import type { Migration } from '../store/migrations.ts'
import { SqlEventStore, type Row, type SqlDriver } from '../store/sql-store.ts'
import type { ConversationStore, ListOptions, NewConversation, NewMessage, StoredConversation, TakeResult } from './conversation-store.ts'
import { LIVE_MIGRATION } from './migration.ts'

/** The newest message of each conversation, as one JSON value (the queue's preview). */
const LAST = `(SELECT json_object('id', m.id, 'role', m.role, 'content', m.content, 'ts', m.ts, 'agent_id', m.agent_id, 'agent_name', m.agent_name)
  FROM live_messages m WHERE m.conversation_id = c.id ORDER BY m.ts DESC, m.rowid DESC LIMIT 1) AS last`
const SUMMARY = `SELECT c.id, c.visitor_id, c.session_id, c.status, c.reason, c.since, c.agent_id, c.agent_name, c.first_response_at, c.outcome, c.closed_at, json_extract(c.visitor, '$.channel') AS channel, ${LAST} FROM live_conversations c`
const OPEN = "status IN ('waiting', 'active')"

const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v))

function agentOf(id: unknown, name: unknown): Agent | undefined {
  return id === null || id === undefined ? undefined : { id: String(id), name: String(name ?? '') }
}

function toMessage(row: Row): LiveMessage {
  const agent = agentOf(row.agent_id, row.agent_name)
  return { id: String(row.id), role: row.role as LiveMessage['role'], content: String(row.content), ts: Number(row.ts), ...(agent && { agent }) }
}

function toSummary(row: Row): StoredConversation {
  const agent = agentOf(row.agent_id, row.agent_name)
  const firstResponseAt = num(row.first_response_at)
  const closedAt = num(row.closed_at)
  const last = typeof row.last === 'string' ? toMessage(JSON.parse(row.last) as Row) : undefined
  return {
    id: String(row.id),
    visitorId: String(row.visitor_id),
    sessionId: String(row.session_id),
    status: row.status as ConversationStatus,
    reason: row.reason as LiveReason,
    since: Number(row.since),
    ...(typeof row.channel === 'string' && { channel: row.channel }),
    ...(agent && { agent }),
    ...(firstResponseAt !== undefined && { firstResponseAt }),
    ...(row.outcome !== null && row.outcome !== undefined && { outcome: row.outcome as ConversationOutcome }),
    ...(closedAt !== undefined && { closedAt }),
    ...(last && { last }),
  }
}

const INSERT_MESSAGE = 'INSERT INTO live_messages (id, conversation_id, role, content, ts, agent_id, agent_name) VALUES (?, ?, ?, ?, ?, ?, ?)'

function messageStatement(conversationId: string, m: NewMessage, id: string = `m_${crypto.randomUUID()}`) {
  return { sql: INSERT_MESSAGE, args: [id, conversationId, m.role, m.content, m.ts, m.agent?.id ?? null, m.agent?.name ?? null] }
}

export class SqlConversationStore implements ConversationStore {
  private ready: Promise<void> | undefined

  /** `migrations`: applied on first use through d1_migrations, like the event store's (default: the live tables). */
  constructor(
    private readonly driver: SqlDriver,
    private readonly migrations: readonly Migration[] = [LIVE_MIGRATION],
  ) {}

  private migrate(): Promise<void> {
    // The event store's migration runner, for this list: the same d1_migrations bookkeeping.
    this.ready ??= new SqlEventStore(this.driver, this.migrations).migrate().catch((err: unknown) => {
      this.ready = undefined
      throw err
    })
    return this.ready
  }

  private async one(where: string, args: (string | number)[]): Promise<StoredConversation | undefined> {
    await this.migrate()
    const [row] = await this.driver.query(`${SUMMARY} WHERE ${where} ORDER BY c.since DESC, c.rowid DESC LIMIT 1`, args)
    return row && toSummary(row)
  }

  async open(input: NewConversation): Promise<StoredConversation> {
    await this.migrate()
    const id = `c_${crypto.randomUUID()}`
    await this.driver.batch([
      {
        sql: "INSERT INTO live_conversations (id, visitor_id, session_id, status, reason, since, visitor) VALUES (?, ?, ?, 'waiting', ?, ?, ?)",
        args: [id, input.visitorId, input.sessionId, input.reason, input.now, JSON.stringify(input.visitor)],
      },
      ...input.transcript.map((m) => messageStatement(id, m)),
    ])
    return (await this.one('c.id = ?', [id]))!
  }

  async get(id: string) {
    const summary = await this.one('c.id = ?', [id])
    if (!summary) return undefined
    const [row] = await this.driver.query('SELECT visitor FROM live_conversations WHERE id = ?', [id])
    const rows = await this.driver.query('SELECT id, role, content, ts, agent_id, agent_name FROM live_messages WHERE conversation_id = ? ORDER BY ts, rowid', [id])
    const visitor = VisitorContextSchema.catch({ products: [], answers: {} }).parse(JSON.parse(String(row?.visitor ?? '{}')))
    return { ...summary, messages: rows.map(toMessage), visitor }
  }

  async list({ status, limit }: ListOptions): Promise<StoredConversation[]> {
    await this.migrate()
    const where = status ? ' WHERE c.status = ?' : ''
    const rows = await this.driver.query(`${SUMMARY}${where} ORDER BY c.since DESC, c.rowid DESC LIMIT ?`, [...(status ? [status] : []), Math.max(1, Math.floor(limit))])
    return rows.map(toSummary)
  }

  openFor(visitorId: string) {
    return this.one(`c.visitor_id = ? AND c.${OPEN}`, [visitorId])
  }

  latestFor(visitorId: string) {
    return this.one('c.visitor_id = ?', [visitorId])
  }

  async addMessage(conversationId: string, message: NewMessage): Promise<LiveMessage> {
    await this.migrate()
    const id = `m_${crypto.randomUUID()}`
    await this.driver.batch([messageStatement(conversationId, message, id)])
    return { id, role: message.role, content: message.content, ts: message.ts, ...(message.agent && { agent: message.agent }) }
  }

  async take(id: string, agent: Agent): Promise<TakeResult> {
    await this.migrate()
    const [changed] = await this.driver.batch([
      { sql: "UPDATE live_conversations SET status = 'active', agent_id = ?, agent_name = ? WHERE id = ? AND status = 'waiting'", args: [agent.id, agent.name, id] },
    ])
    const conversation = await this.one('c.id = ?', [id])
    if (!conversation) return { ok: false, why: 'missing' }
    if (changed === 1) return { ok: true, taken: true, conversation }
    if (conversation.status === 'active' && conversation.agent?.id === agent.id) return { ok: true, taken: false, conversation }
    return { ok: false, why: conversation.status === 'closed' ? 'closed' : 'held', conversation }
  }

  async end(id: string, outcome: ConversationOutcome, now: number, onlyIf?: ConversationStatus): Promise<StoredConversation | undefined> {
    await this.migrate()
    const [changed] = await this.driver.batch([
      {
        sql: `UPDATE live_conversations SET status = 'closed', outcome = ?, closed_at = ? WHERE id = ? AND ${onlyIf ? 'status = ?' : OPEN}`,
        args: [outcome, now, id, ...(onlyIf ? [onlyIf] : [])],
      },
    ])
    return changed === 1 ? this.one('c.id = ?', [id]) : undefined
  }

  async markFirstResponse(id: string, now: number): Promise<boolean> {
    await this.migrate()
    const [changed] = await this.driver.batch([{ sql: 'UPDATE live_conversations SET first_response_at = ? WHERE id = ? AND first_response_at IS NULL', args: [now, id] }])
    return changed === 1
  }

  async waitingSince(since: number): Promise<StoredConversation[]> {
    await this.migrate()
    const rows = await this.driver.query(`${SUMMARY} WHERE c.status = 'waiting' AND c.since <= ? ORDER BY c.since`, [since])
    return rows.map(toSummary)
  }

  async exportVisitor(visitorId: string): Promise<ConversationDetail[]> {
    await this.migrate()
    const rows = await this.driver.query('SELECT id FROM live_conversations WHERE visitor_id = ? ORDER BY since, rowid', [visitorId])
    const all = await Promise.all(rows.map((row) => this.get(String(row.id))))
    return all.flatMap((c) => (c ? [(({ sessionId: _, ...detail }) => detail)(c)] : []))
  }

  async deleteVisitor(visitorId: string): Promise<number> {
    await this.migrate()
    const [, conversations = 0] = await this.driver.batch([
      { sql: 'DELETE FROM live_messages WHERE conversation_id IN (SELECT id FROM live_conversations WHERE visitor_id = ?)', args: [visitorId] },
      { sql: 'DELETE FROM live_conversations WHERE visitor_id = ?', args: [visitorId] },
    ])
    return conversations
  }
}
