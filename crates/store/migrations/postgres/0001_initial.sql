-- Directory: Jugendämter and the municipalities they serve.
CREATE TABLE offices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    district_key TEXT NOT NULL,
    abroad_register BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE municipalities (
    ags TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices (id)
);
CREATE INDEX municipalities_office ON municipalities (office_id);

CREATE TABLE postal_codes (
    postal_code TEXT NOT NULL,
    ags TEXT NOT NULL REFERENCES municipalities (ags),
    PRIMARY KEY (ags, postal_code)
);

-- API clients and their hashed bearer tokens.
CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    office_id TEXT REFERENCES offices (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Applications for a Negativbescheinigung and their persisted pipeline state.
CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (id),
    idempotency_key TEXT,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT,
    partial_scope TEXT,
    reason TEXT,
    issuing_office_id TEXT NOT NULL REFERENCES offices (id),
    register_office_id TEXT NOT NULL REFERENCES offices (id),
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    decided_at TEXT,
    lease_until BIGINT NOT NULL DEFAULT 0,
    UNIQUE (client_id, idempotency_key)
);
CREATE INDEX applications_unfinished ON applications (status, lease_until);

-- Register entries; never deleted. `data` holds the current content, versions the history.
CREATE TABLE register_entries (
    id TEXT PRIMARY KEY,
    register_office_id TEXT NOT NULL REFERENCES offices (id),
    child_birth_date TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX register_entries_lookup ON register_entries (register_office_id, child_birth_date);

CREATE TABLE register_entry_versions (
    entry_id TEXT NOT NULL REFERENCES register_entries (id),
    version BIGINT NOT NULL,
    change TEXT NOT NULL,
    reason TEXT,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (entry_id, version)
);

-- Messages between issuing and register office: the query and its answer.
CREATE TABLE register_queries (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
    from_office_id TEXT NOT NULL REFERENCES offices (id),
    to_office_id TEXT NOT NULL REFERENCES offices (id),
    query TEXT NOT NULL,
    answer TEXT,
    sent_at TEXT NOT NULL,
    answered_at TEXT
);

CREATE TABLE certificates (
    number TEXT PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
    issuing_office_id TEXT NOT NULL REFERENCES offices (id),
    outcome TEXT NOT NULL,
    data TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    register_as_of TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    office_id TEXT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_office ON audit_log (office_id, seq);
