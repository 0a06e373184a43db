-- The audit log becomes tamper-evident (see store::audit_chain). Each record gets a random id
-- and a MAC under the platform's secret audit key, written with the record; a sealer then
-- chains the records in the order it sees them (chain_pos 1, 2, …; chain_hash links each to
-- its predecessor). Records of earlier versions get their id and MAC when the store next
-- connects with the platform's key: those up to legacy_until, once.
ALTER TABLE audit_log ADD COLUMN record_id TEXT;
ALTER TABLE audit_log ADD COLUMN mac TEXT;
ALTER TABLE audit_log ADD COLUMN chain_pos INTEGER;
ALTER TABLE audit_log ADD COLUMN chain_hash TEXT;
CREATE UNIQUE INDEX audit_log_record_id ON audit_log (record_id);
CREATE UNIQUE INDEX audit_log_chain_pos ON audit_log (chain_pos);

-- One row: the sealed head of the chain, a check value of the key the log is written with
-- (so that an instance with another key refuses to start), and the legacy records still
-- waiting for their MAC.
CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    head_pos INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    sealed_at TEXT,
    key_check TEXT,
    legacy_until INTEGER NOT NULL
);
INSERT INTO audit_chain (id, head_pos, head_hash, sealed_at, key_check, legacy_until)
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL, NULL,
    COALESCE(MAX(seq), 0)
FROM audit_log;
