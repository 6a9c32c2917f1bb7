-- Who gets paid (one schema for SQLite and PostgreSQL, like V1). A user name that is an address
-- pays itself and needs no row; any other user name pays the address bound to it here.
CREATE TABLE payout_addresses (
    user_name VARCHAR(128) NOT NULL PRIMARY KEY,
    address VARCHAR(90) NOT NULL,
    changed_ms BIGINT NOT NULL,
    changed_by VARCHAR(128) NOT NULL
);

-- Every change of a bound address, never updated or deleted: the audit trail operators answer from.
CREATE TABLE payout_address_events (
    id ${idColumn},
    user_name VARCHAR(128) NOT NULL,
    old_address VARCHAR(90),
    new_address VARCHAR(90) NOT NULL,
    changed_by VARCHAR(128) NOT NULL,
    changed_ms BIGINT NOT NULL
);
CREATE INDEX payout_address_events_user ON payout_address_events (user_name, id);
