-- Staff accounts of the Jugendamt workbench and their login sessions. Each account belongs to
-- one office. Passwords are stored as argon2id PHC strings, session tokens only as SHA-256
-- hashes. Accounts are disabled, never deleted: the audit log names their ids.
CREATE TABLE staff_users (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL,
    -- The login in lower case, so that logins are unique regardless of case.
    login_key TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices (id),
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- Base32 TOTP key when the account has a second factor; the last step accepted with it.
    totp_secret TEXT,
    totp_last_step BIGINT,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until TEXT,
    disabled_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX staff_users_office ON staff_users (office_id, login_key);

CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES staff_users (id),
    csrf_token TEXT NOT NULL,
    -- 0 while the session waits for the TOTP code, 1 once it is fully logged in.
    second_factor_done BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);
