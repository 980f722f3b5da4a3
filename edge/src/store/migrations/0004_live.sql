-- huike event store, version 4: live handoff to a person (CONTRACT §6). A conversation in the shop's
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
