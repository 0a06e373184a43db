-- Index for candidate retrieval: one row per name code of an entry and its birth date.
CREATE TABLE register_match_keys (
    register_office_id TEXT NOT NULL,
    key TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    entry_id TEXT NOT NULL REFERENCES register_entries (id),
    PRIMARY KEY (register_office_id, key, birth_date, entry_id)
);
CREATE INDEX register_match_keys_entry ON register_match_keys (entry_id);
