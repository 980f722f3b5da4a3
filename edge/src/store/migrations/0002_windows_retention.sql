-- huike event store, version 2: events in (ts, id) order, so the report reads them in bounded
-- windows without sorting the table, and by received_at, so retention deletes the oldest without
-- scanning it. Idempotent, like version 1.

CREATE INDEX IF NOT EXISTS events_ts_id ON events (ts, id);

CREATE INDEX IF NOT EXISTS events_received ON events (received_at);
