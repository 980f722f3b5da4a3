// The SQL migrations as strings, for the runtimes that cannot read files (Workers bundle them with
// the code). They mirror migrations/*.sql exactly (store.test.ts checks it); those files are what
// `wrangler d1 migrations apply` reads (`migrations_dir` in wrangler.jsonc). To add one, write
// migrations/000N_name.sql, then add it here under the same name.

export interface Migration {
  /** The file name, as `wrangler d1 migrations` records it in d1_migrations. */
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_init.sql',
    sql: `-- huike event store, version 1: widget analytics events and the visitors who may export or erase
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
`,
  },
  {
    name: '0002_windows_retention.sql',
    sql: `-- huike event store, version 2: events in (ts, id) order, so the report reads them in bounded
-- windows without sorting the table, and by received_at, so retention deletes the oldest without
-- scanning it. Idempotent, like version 1.

CREATE INDEX IF NOT EXISTS events_ts_id ON events (ts, id);

CREATE INDEX IF NOT EXISTS events_received ON events (received_at);
`,
  },
  {
    name: '0003_visitor_order.sql',
    sql: `-- huike event store, version 3: events in (visitor_id, ts, id) order, so the report reads them one
-- visitor after another and forgets each visitor's state when the next begins, instead of keeping
-- every visitor's until the end. Idempotent, like version 1.

CREATE INDEX IF NOT EXISTS events_visitor_ts_id ON events (visitor_id, ts, id);
`,
  },
  {
    name: '0004_live.sql',
    sql: `-- huike event store, version 4: live handoff to a person (CONTRACT §6). A conversation in the shop's
-- queue, who holds it and how it ended, what is known of the visitor (JSON), and its messages.
-- Idempotent, like version 1: the edge applies it at startup, "wrangler d1 migrations apply" too.

CREATE TABLE IF NOT EXISTS live_conversations (
  id TEXT PRIMARY KEY,
  visitor_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  since INTEGER NOT NULL,
  agent_id TEXT,
  agent_name TEXT,
  first_response_at INTEGER,
  outcome TEXT,
  closed_at INTEGER,
  visitor TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX IF NOT EXISTS live_conversations_visitor ON live_conversations (visitor_id, since);

CREATE INDEX IF NOT EXISTS live_conversations_status ON live_conversations (status, since);

CREATE TABLE IF NOT EXISTS live_messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  role TEXT NOT NULL,
  content TEXT NOT NULL,
  ts INTEGER NOT NULL,
  agent_id TEXT,
  agent_name TEXT
);

CREATE INDEX IF NOT EXISTS live_messages_conversation ON live_messages (conversation_id, ts);
`,
  },
  {
    name: '0005_channels.sql',
    sql: `-- huike event store, version 5: visitors of channels without a browser (WeChat, WeCom, apps; CONTRACT §7).
-- What the widget keeps in IndexedDB — profile, conversation, session — is kept here for them, per
-- visitor; several channel users point at one visitor once they are linked to one shop customer.
-- Idempotent, like version 1: the edge applies it at startup, "wrangler d1 migrations apply" too.

CREATE TABLE IF NOT EXISTS channel_users (
  channel TEXT NOT NULL,
  user_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (channel, user_id)
);

CREATE INDEX IF NOT EXISTS channel_users_visitor ON channel_users (visitor_id);

CREATE TABLE IF NOT EXISTS channel_visitors (
  visitor_id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  last_seen INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS channel_messages_seen (
  channel TEXT NOT NULL,
  message_id TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (channel, message_id)
);

CREATE INDEX IF NOT EXISTS channel_messages_seen_at ON channel_messages_seen (seen_at);

CREATE TABLE IF NOT EXISTS channel_cursors (
  name TEXT PRIMARY KEY,
  cursor TEXT NOT NULL
);
`,
  },
]
