-- huike event store, version 1: widget analytics events and the visitors who may export or erase
-- theirs. Every statement is idempotent (IF NOT EXISTS), so the edge can apply it at startup and
-- "wrangler d1 migrations apply" can apply it too, in either order.

CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  props TEXT NOT NULL DEFAULT '{}',
  received_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS events_visitor ON events (visitor_id, ts);

CREATE INDEX IF NOT EXISTS events_type_ts ON events (type, ts);

CREATE TABLE IF NOT EXISTS visitors (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
