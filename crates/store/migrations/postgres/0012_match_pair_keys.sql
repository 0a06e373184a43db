-- The matcher's keys now include a key per pair of a family-name code and a given-name code,
-- which the near-date search looks up. Index rows are derived data: drop them, and the compact
-- child data with them, since the store re-derives the keys of every active entry that has no
-- child data when it next connects (see backfill_match_keys).
DELETE FROM register_match_keys;
DELETE FROM register_match_children;
