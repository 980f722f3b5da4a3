-- huike event store, version 3: events in (visitor_id, ts, id) order, so the report reads them one
-- visitor after another and forgets each visitor's state when the next begins, instead of keeping
-- every visitor's until the end. Idempotent, like version 1.

CREATE INDEX IF NOT EXISTS events_visitor_ts_id ON events (visitor_id, ts, id);
