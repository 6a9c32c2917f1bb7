-- The cluster's accounting side (one schema for SQLite and PostgreSQL, like V1).

-- Shares that came through Kafka carry their event id (<nodeId>:<header hash>): a replayed event is
-- skipped, not stored twice. Shares the single-process ledger writes leave it NULL (NULLs never clash).
ALTER TABLE shares ADD COLUMN event_id VARCHAR(128);
CREATE UNIQUE INDEX shares_event_id ON shares (event_id);

-- Where each consumer group stands in each partition: the offset of the next record to store.
-- Written in the same transaction as the shares it covers, so the two can never disagree.
CREATE TABLE kafka_offsets (
    consumer_group VARCHAR(255) NOT NULL,
    topic VARCHAR(249) NOT NULL,
    partition_id INTEGER NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (consumer_group, topic, partition_id)
);
