-- One schema for SQLite and PostgreSQL. Times are epoch milliseconds, amounts satoshis, hashes
-- display-order hex. ${idColumn} is the only vendor-specific text (see Dialect).

-- Accepted shares. id gives the order PPLNS counts in; hash makes a retried batch harmless.
CREATE TABLE shares (
    id ${idColumn},
    user_name VARCHAR(128) NOT NULL,
    worker VARCHAR(128) NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    network_difficulty DOUBLE PRECISION NOT NULL,
    job_id VARCHAR(64) NOT NULL,
    height BIGINT NOT NULL,
    time_ms BIGINT NOT NULL,
    hash CHAR(64) NOT NULL,
    is_block BOOLEAN NOT NULL,
    CONSTRAINT shares_hash_unique UNIQUE (hash)
);
CREATE INDEX shares_time ON shares (time_ms);
CREATE INDEX shares_user_time ON shares (user_name, time_ms);

-- What pruned share rows leave behind: accepted difficulty per worker and hour.
CREATE TABLE share_hourly (
    hour_ms BIGINT NOT NULL,
    user_name VARCHAR(128) NOT NULL,
    worker VARCHAR(128) NOT NULL,
    shares BIGINT NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (hour_ms, user_name, worker)
);

CREATE TABLE blocks (
    hash CHAR(64) NOT NULL PRIMARY KEY,
    height BIGINT NOT NULL,
    prev_hash CHAR(64) NOT NULL,
    user_name VARCHAR(128) NOT NULL,
    worker VARCHAR(128) NOT NULL,
    share_difficulty DOUBLE PRECISION NOT NULL,
    network_difficulty DOUBLE PRECISION NOT NULL,
    reward BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    reason VARCHAR(512),
    confirmations INTEGER NOT NULL,
    found_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    credited BOOLEAN NOT NULL
);
CREATE INDEX blocks_status ON blocks (status);
CREATE INDEX blocks_found ON blocks (found_ms);

-- What each confirmed block (or PPS settlement, block_hash 'pps:<last share id>') credited to whom.
CREATE TABLE credits (
    block_hash VARCHAR(80) NOT NULL,
    user_name VARCHAR(128) NOT NULL,
    amount BIGINT NOT NULL,
    credited_ms BIGINT NOT NULL,
    PRIMARY KEY (block_hash, user_name)
);

-- balance: credited, not yet paid. carry: the sub-satoshi PPS value not yet credited.
CREATE TABLE balances (
    user_name VARCHAR(128) NOT NULL PRIMARY KEY,
    balance BIGINT NOT NULL,
    paid BIGINT NOT NULL,
    carry DOUBLE PRECISION NOT NULL,
    updated_ms BIGINT NOT NULL
);

CREATE TABLE payout_batches (
    id ${idColumn},
    created_ms BIGINT NOT NULL,
    kind VARCHAR(16) NOT NULL,
    total BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    txid CHAR(64)
);

CREATE TABLE payouts (
    batch_id BIGINT NOT NULL REFERENCES payout_batches (id),
    user_name VARCHAR(128) NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (batch_id, user_name)
);
CREATE INDEX payouts_user ON payouts (user_name);

-- Small durable cursors, e.g. the last share id PPS has credited.
CREATE TABLE accounting_state (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);
