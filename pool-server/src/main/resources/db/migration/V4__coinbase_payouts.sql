-- Non-custodial PPLNS (one schema for SQLite and PostgreSQL, like V1): the split the coinbase of a
-- found block carried, written when the block is found. One coinbase_splits row per block, even when
-- the window was empty (then the pool output took everything): with coinbase payouts on, a block
-- without one is never credited automatically, since its coinbase may already have paid the miners.
CREATE TABLE coinbase_splits (
    block_hash CHAR(64) NOT NULL PRIMARY KEY,
    users INTEGER NOT NULL,
    paid BIGINT NOT NULL,
    recorded_ms BIGINT NOT NULL
);

-- One row per user in the window. When the block is credited, PAID rows are
-- recorded as paid in the coinbase and every other fate (DUST, OVER_BUDGET, NO_ADDRESS) becomes a
-- balance: the pool output holds those amounts until a wallet payout sends them.
CREATE TABLE coinbase_payouts (
    block_hash CHAR(64) NOT NULL,
    user_name VARCHAR(128) NOT NULL,
    address VARCHAR(90),
    weight DOUBLE PRECISION NOT NULL,
    amount BIGINT NOT NULL,
    fate VARCHAR(16) NOT NULL,
    PRIMARY KEY (block_hash, user_name)
);
