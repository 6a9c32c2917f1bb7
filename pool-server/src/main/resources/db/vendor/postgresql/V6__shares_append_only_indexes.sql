-- The hot table's indexes made append-only (PostgreSQL; SQLite has its own V6 with the same result).
-- The random UNIQUE (hash) index cost a B-tree page per share at every commit. What it guarded, a
-- repeated insert of the same share (a batch retried after an unknown COMMIT outcome), is kept by a
-- unique (time_ms, hash): a retry carries the same time and hash, and new keys land at the index's end.
ALTER TABLE shares DROP CONSTRAINT shares_hash_unique;
DROP INDEX shares_time;
CREATE UNIQUE INDEX shares_time_hash ON shares (time_ms, hash);
-- Only the cluster's rows carry an event id; the single-process ledger's rows stay out of the index.
DROP INDEX shares_event_id;
CREATE UNIQUE INDEX shares_event_id ON shares (event_id) WHERE event_id IS NOT NULL;
-- A found block's own share, looked up by hash when the block is credited.
CREATE INDEX shares_block_hash ON shares (hash) WHERE is_block;
