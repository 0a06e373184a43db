-- Review of doubtful register queries. When the register office's matcher finds an entry that
-- might be the child asked about, the application waits in review; a person of the register
-- office judges every candidate entry ("same child" / "not the same child") with a note, and
-- the application is decided from that. One settlement per application, one verdict per entry
-- judged, written in the transaction that decides the application; never changed afterwards.
CREATE TABLE review_settlements (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    register_office_id TEXT NOT NULL REFERENCES offices (id),
    answer TEXT NOT NULL,
    register_as_of TEXT NOT NULL,
    note TEXT NOT NULL,
    settled_by TEXT NOT NULL,
    settled_at TEXT NOT NULL
);

CREATE TABLE review_verdicts (
    application_id TEXT NOT NULL REFERENCES review_settlements (application_id),
    entry_id TEXT NOT NULL REFERENCES register_entries (id),
    -- The entry's version the verdict was given on, and how the matcher classed it then.
    entry_version INTEGER NOT NULL,
    class TEXT NOT NULL CHECK (class IN ('match', 'possible')),
    verdict TEXT NOT NULL CHECK (verdict IN ('same_child', 'not_same_child')),
    PRIMARY KEY (application_id, entry_id)
);
CREATE INDEX review_verdicts_entry ON review_verdicts (entry_id);

-- The review queue of a register office.
CREATE INDEX applications_register_status ON applications (register_office_id, status);
