-- Federation: the message ids of signed federation envelopes already accepted, so that a
-- captured envelope replayed within its five-minute window is refused. Rows older than an hour
-- are purged when a new id is recorded (an envelope that old is refused by its timestamp).
CREATE TABLE federation_messages (
    msg_id TEXT PRIMARY KEY,
    from_office TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE INDEX federation_messages_seen_at ON federation_messages (seen_at);
