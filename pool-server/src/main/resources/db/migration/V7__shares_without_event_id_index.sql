-- The cluster's accounting side stores a share event at most once through shares_hash_unique already:
-- an event id is <nodeId>:<header hash>, so a replayed event always repeats a stored hash. The second
-- unique index on event_id cost PostgreSQL an index insert per share and protected nothing more
-- (measured in BENCHMARKS.md, "Cluster pipeline"); replays are now recognised by hash.
DROP INDEX shares_event_id;
