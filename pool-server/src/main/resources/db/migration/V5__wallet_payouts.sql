-- Wallet payouts (one schema for SQLite and PostgreSQL, like V1): a batch's life is
-- recorded → [approved] → signed → sent → confirmed, or rejected before it was signed. The signed
-- transaction and its txid are stored BEFORE it is broadcast, so a restart re-broadcasts the very
-- same transaction and can never pay a batch twice. A batch leaves `signed` only once the wallet
-- knows the txid.
ALTER TABLE payout_batches ADD COLUMN tx_hex TEXT;
ALTER TABLE payout_batches ADD COLUMN fee BIGINT;
ALTER TABLE payout_batches ADD COLUMN confirmations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payout_batches ADD COLUMN updated_ms BIGINT NOT NULL DEFAULT 0;
CREATE INDEX payout_batches_status ON payout_batches (status);

-- The address each line pays, resolved when the batch is recorded (a later rebinding never redirects it).
ALTER TABLE payouts ADD COLUMN address VARCHAR(90);

-- Every change of a wallet batch's status, never updated or deleted: who approved or rejected it,
-- when it was signed, sent, confirmed; the operators' audit trail.
CREATE TABLE payout_batch_events (
    id ${idColumn},
    batch_id BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    detail VARCHAR(512),
    changed_by VARCHAR(128) NOT NULL,
    changed_ms BIGINT NOT NULL
);
CREATE INDEX payout_batch_events_batch ON payout_batch_events (batch_id, id);
