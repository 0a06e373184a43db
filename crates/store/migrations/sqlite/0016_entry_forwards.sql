-- Federation, notifications for registers kept on offices' own nodes (XFamilie 0804). The
-- platform keeps no copy of such a register: a notification routed to it waits here, in the
-- outbox, until the node has confirmed it with a signed receipt, and is then removed from
-- here (only the row's bookkeeping stays). The entry's id is chosen here and kept by the node,
-- so a notice delivered twice (a receipt lost on the way back) is recorded there once.
CREATE TABLE entry_forwards (
    id TEXT PRIMARY KEY,
    register_office_id TEXT NOT NULL REFERENCES offices (id),
    -- The notification (JSON) until the node has confirmed it; NULL afterwards.
    data TEXT,
    queued_at TEXT NOT NULL,
    queued_by TEXT NOT NULL,
    -- Tries that got no receipt, for the retry's backoff.
    attempts INTEGER NOT NULL DEFAULT 0,
    -- When the worker may try next (Unix milliseconds); also its lease while it tries.
    next_attempt_ms INTEGER NOT NULL,
    -- The last try's failure class and cause, without contents.
    last_error TEXT,
    delivered_at TEXT,
    CHECK ((delivered_at IS NULL) = (data IS NOT NULL))
);
CREATE INDEX entry_forwards_due ON entry_forwards (next_attempt_ms) WHERE delivered_at IS NULL;
