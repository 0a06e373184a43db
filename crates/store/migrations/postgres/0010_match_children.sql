-- The child data of every active register entry, compact, beside the match keys: the search
-- classifies candidates from it and reads whole entries only for those it does not rule out.
-- A cancelled entry keeps neither keys nor child data, so that no search finds it.
CREATE TABLE register_match_children (
    entry_id TEXT PRIMARY KEY REFERENCES register_entries (id),
    child TEXT NOT NULL
);
INSERT INTO register_match_children (entry_id, child)
    SELECT id, (data::jsonb -> 'child')::text FROM register_entries WHERE status = 'active';
DELETE FROM register_match_keys
    WHERE entry_id IN (SELECT id FROM register_entries WHERE status <> 'active');
