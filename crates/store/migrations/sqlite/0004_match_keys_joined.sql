-- The matcher's keys now include a key for a name's tokens written together (Anna Lena /
-- Annalena). Index rows are derived data: drop them; the store re-derives every entry's keys
-- when it next connects (see backfill_match_keys).
DELETE FROM register_match_keys;
