-- huike event store, version 5: visitors of channels without a browser (WeChat, WeCom, apps; CONTRACT §7).
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
