-- Federation, review at the register office's node. A query that another instance sent over
-- federation and that the matcher could not answer for certain ("maybe") waits here for a
-- person of the register office, in this instance's review queue beside its own applications'
-- cases. The asking instance asks again until the case is settled and then receives the
-- settled answer; a query id is stored once, however often it is asked.
CREATE TABLE received_queries (
    query_id TEXT PRIMARY KEY,
    -- The asking office: checked by the envelope's signature, not necessarily in this
    -- instance's directory.
    from_office_id TEXT NOT NULL,
    register_office_id TEXT NOT NULL REFERENCES offices (id),
    -- The child as the query names it (JSON), nothing else of the application.
    child TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('in_review', 'settled')),
    answer TEXT,
    register_as_of TEXT,
    note TEXT,
    settled_by TEXT,
    settled_at TEXT,
    CHECK ((status = 'in_review') = (answer IS NULL))
);
CREATE INDEX received_queries_office_status ON received_queries (register_office_id, status);

CREATE TABLE received_query_verdicts (
    query_id TEXT NOT NULL REFERENCES received_queries (query_id),
    entry_id TEXT NOT NULL REFERENCES register_entries (id),
    entry_version INTEGER NOT NULL,
    class TEXT NOT NULL CHECK (class IN ('match', 'possible')),
    verdict TEXT NOT NULL CHECK (verdict IN ('same_child', 'not_same_child')),
    PRIMARY KEY (query_id, entry_id)
);
CREATE INDEX received_query_verdicts_entry ON received_query_verdicts (entry_id);

-- On the asking side: an application whose register office reviews it on its own node
-- (1) is in review there, not in this instance's queue, and the worker asks again until the
-- node answers with its settlement. `attempts` counts the tries of the application's current
-- step that did not get an answer, for the retry's backoff; it starts again at 0 on progress.
ALTER TABLE applications ADD COLUMN review_at_node INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
