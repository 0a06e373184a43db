-- Four-eyes changes of register entries: a correction or cancellation is first requested by one
-- person and takes effect only when a second person of the same office approves it. Requests
-- are never deleted; at most one is pending per entry.
CREATE TABLE register_change_requests (
    id TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES register_entries (id),
    register_office_id TEXT NOT NULL REFERENCES offices (id),
    change TEXT NOT NULL,
    data TEXT,
    reason TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT
);
CREATE INDEX register_change_requests_office ON register_change_requests (register_office_id, status);
CREATE UNIQUE INDEX register_change_requests_one_pending ON register_change_requests (entry_id)
    WHERE status = 'pending';
