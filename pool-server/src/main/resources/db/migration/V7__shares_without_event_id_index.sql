-- The cluster's accounting side stores a share event at most once through the shares table's unique
-- (time_ms, hash) key already (V6): an event id is <nodeId>:<header hash> and a replayed event repeats
-- its time and hash. The second unique index on event_id cost PostgreSQL an index insert per share and
-- protected nothing more (measured in BENCHMARKS.md, "Cluster pipeline"); replays are recognised by
-- (time_ms, hash).
DROP INDEX shares_event_id;
