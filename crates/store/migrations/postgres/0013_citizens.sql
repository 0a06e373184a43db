-- The citizen portal: place search by folded name, logins in flight, citizen sessions,
-- applications owned by a citizen, and the portal's built-in client.

-- The municipality's name folded for search (lower case, umlauts spelt out, accents dropped),
-- written by the store; rows from before this migration are filled when the store connects.
-- Byte order ("C"), so that prefix ranges and sorting are the same as on SQLite.
ALTER TABLE municipalities ADD COLUMN name_key TEXT COLLATE "C";
CREATE INDEX municipalities_name_key ON municipalities (name_key);
-- The primary key leads with the AGS; the search by postal code needs its own index.
CREATE INDEX postal_codes_code ON postal_codes (postal_code);

-- An OpenID Connect login between the redirect to the identity provider and its return,
-- under the SHA-256 hash of its `state`. `pending` is the caller's JSON (nonce, PKCE
-- verifier, return path). Single use.
CREATE TABLE citizen_logins (
    state_hash TEXT PRIMARY KEY,
    pending TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX citizen_logins_expiry ON citizen_logins (expires_at);

-- A citizen's session under the SHA-256 hash of its token. `identity` is the personal data
-- the identity provider gave (JSON); it lives only as long as the session.
CREATE TABLE citizen_sessions (
    token_hash TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    identity TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX citizen_sessions_expiry ON citizen_sessions (expires_at);
CREATE INDEX citizen_sessions_seen ON citizen_sessions (last_seen_at);

-- The citizen who applied through the portal: the hex SHA-256 subject, never the provider's
-- raw `sub`. NULL for applications that came in through the API.
ALTER TABLE applications ADD COLUMN citizen TEXT;
CREATE INDEX applications_citizen ON applications (citizen, received_at);

-- The portal submits as this client. Its token hash is no SHA-256 hex string, so no bearer
-- token can ever authenticate as it.
INSERT INTO clients (id, name, role, office_id, token_hash, created_at)
VALUES ('portal', 'Bürgerportal', 'portal', NULL, 'portal:no-token',
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"000Z"'));
