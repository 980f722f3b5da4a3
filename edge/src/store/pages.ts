// The SQL that reads events back: all of them (events()) or one window at a time in a given order
// (eventPage: (ts, id); visitorPage: (visitor_id, ts, id)). Each order has its own index
// (migrations 0002 and 0003), so a window is a short range scan after the previous one's last key,
// never a sort of the table.
import { byTsId, compareCodePoints } from './order.ts'
import type { Row, SqlDriver, SqlValue } from './sql-store.ts'
import type { EventFilter, StoredEvent } from './types.ts'

export const COLUMNS = 'id, type, visitor_id, session_id, ts, props, received_at'

/** A window order: its key columns (an index's) and how the same order compares in memory. */
export interface PageOrder {
  key: string
  compare: (a: StoredEvent, b: StoredEvent) => number
}

export const TIME_ORDER: PageOrder = { key: 'ts, id', compare: byTsId }
/** visitor_id compares as SQLite's BINARY collation does (UTF-8 bytes: code-point order). */
export const VISITOR_ORDER: PageOrder = { key: 'visitor_id, ts, id', compare: (a, b) => compareCodePoints(a.visitorId, b.visitorId) || byTsId(a, b) }

/** The WHERE clause for a filter (and a window's start: key values after which it begins); undefined when nothing can match. */
export function whereClause(filter: EventFilter, after?: { key: string; values: SqlValue[] }): { sql: string; args: SqlValue[] } | undefined {
  const where: string[] = []
  const args: SqlValue[] = []
  if (filter.since !== undefined) {
    where.push('ts >= ?')
    args.push(filter.since)
  }
  if (filter.until !== undefined) {
    where.push('ts < ?')
    args.push(filter.until)
  }
  if (after) {
    // A row-value comparison on the order's index: the window starts right after the last key.
    where.push(`(${after.key}) > (${after.values.map(() => '?').join(', ')})`)
    args.push(...after.values)
  }
  if (filter.types) {
    if (filter.types.length === 0) return undefined
    // json_each keeps the type list one bound parameter (D1 allows at most 100).
    where.push('type IN (SELECT value FROM json_each(?))')
    args.push(JSON.stringify(filter.types))
  }
  return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', args }
}

/** At most `limit` events matching `filter` in `order`, those after the key values `after`. */
export async function readPage(driver: SqlDriver, order: PageOrder, filter: EventFilter, after: SqlValue[] | undefined, limit: number): Promise<StoredEvent[]> {
  const where = whereClause(filter, after && { key: order.key, values: after })
  if (!where) return []
  // The window comes back as one JSON array (one row, one parse), several times faster than rows.
  const [row]: Row[] = await driver.query(
    `SELECT json_group_array(json_array(id, type, visitor_id, session_id, ts, json(props), received_at)) AS page FROM (SELECT ${COLUMNS} FROM events${where.sql} ORDER BY ${order.key} LIMIT ?)`,
    [...where.args, Math.max(1, Math.floor(limit))],
  )
  const rows = JSON.parse(String(row?.page ?? '[]')) as [string, string, string, string, number, Record<string, unknown>, number][]
  const page = rows.map(([id, type, visitorId, sessionId, ts, props, receivedAt]) => ({ id, type, visitorId, sessionId, ts, props, receivedAt }))
  // An aggregate's input order is SQLite's choice, not a promise: put the window back in order.
  return page.sort(order.compare)
}
