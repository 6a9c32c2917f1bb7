-- The hot table's indexes made append-only (SQLite; PostgreSQL has its own V6 with the same result).
-- The random UNIQUE (hash) index cost a B-tree page per share at every commit. What it guarded, a
-- repeated insert of the same share (a batch retried after an unknown COMMIT outcome), is kept by a
-- unique (time_ms, hash): a retry carries the same time and hash, and new keys land at the index's end.
-- SQLite cannot drop a table constraint, so the table is rebuilt with the same columns, ids and sequence.
CREATE TABLE shares_v6 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name VARCHAR(128) NOT NULL,
    worker VARCHAR(128) NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    network_difficulty DOUBLE PRECISION NOT NULL,
    job_id VARCHAR(64) NOT NULL,
    height BIGINT NOT NULL,
    time_ms BIGINT NOT NULL,
    hash CHAR(64) NOT NULL,
    is_block BOOLEAN NOT NULL,
    event_id VARCHAR(128)
);
INSERT INTO shares_v6 (id, user_name, worker, difficulty, network_difficulty, job_id, height, time_ms, hash,
    is_block, event_id)
SELECT id, user_name, worker, difficulty, network_difficulty, job_id, height, time_ms, hash, is_block, event_id
FROM shares;
-- AUTOINCREMENT never reuses an id, not even one whose row is gone: carry the old high-water mark over.
DELETE FROM sqlite_sequence WHERE name = 'shares_v6';
INSERT INTO sqlite_sequence (name, seq) SELECT 'shares_v6', seq FROM sqlite_sequence WHERE name = 'shares';
DROP TABLE shares;
ALTER TABLE shares_v6 RENAME TO shares;

CREATE UNIQUE INDEX shares_time_hash ON shares (time_ms, hash);
CREATE INDEX shares_user_time ON shares (user_name, time_ms);
-- Only the cluster's rows carry an event id; the single-process ledger's rows stay out of the index.
CREATE UNIQUE INDEX shares_event_id ON shares (event_id) WHERE event_id IS NOT NULL;
-- A found block's own share, looked up by hash when the block is credited.
CREATE INDEX shares_block_hash ON shares (hash) WHERE is_block;
