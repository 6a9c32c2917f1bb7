package io.stratumpool.pool.accounting;

import io.stratumpool.pool.ledger.ShareRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hashrate per worker, per user and pool-wide over 1 min, 5 min, 1 h and 24 h, from accepted
 * difficulty: hashrate = Σ difficulty × 2^32 / seconds, each with a 95 % interval from the share
 * count (see {@link HashrateMeter}). Fed with accepted shares as they are stored and, at startup,
 * with the last 24 h of the ledger. Thread-safe; the clock decides "now" for estimates.
 *
 * <p>A window is never longer than what was observed: the pool's starts at the older of its start
 * and its first share (a rebuild replays the ledger's), a user's or worker's at its first share or
 * at the connection time the caller knows, so a worker mining for two minutes shows the same rate
 * over 24 h as over 5 min, with an interval as wide as two minutes of shares allow.
 */
public final class HashrateTracker {
    private static final long IDLE_MILLIS = HashrateWindow.D1.length().toMillis();

    private final Clock clock;
    private final long startedMillis;
    private final HashrateMeter pool = new HashrateMeter();
    private final Map<String, HashrateMeter> users = new ConcurrentHashMap<>();
    private final Map<String, Map<String, HashrateMeter>> workers = new ConcurrentHashMap<>();

    public HashrateTracker(Clock clock) {
        this.clock = clock;
        this.startedMillis = clock.millis();
    }

    public void record(ShareRecord share) {
        record(share.user(), share.worker(), share.difficulty(), share.time().toEpochMilli());
    }

    public void record(String user, String worker, double difficulty, long timeMillis) {
        pool.record(difficulty, timeMillis);
        users.computeIfAbsent(user, u -> new HashrateMeter()).record(difficulty, timeMillis);
        workers.computeIfAbsent(user, u -> new ConcurrentHashMap<>())
                .computeIfAbsent(worker, w -> HashrateMeter.forWorker()).record(difficulty, timeMillis);
    }

    /** Replays the last 24 h of the ledger (after a restart); returns the number of shares read. */
    public int rebuild(io.stratumpool.pool.ledger.Database db) {
        return ShareHistory.replay(db, this, clock.instant().minus(rebuildSpan()));
    }

    /** The oldest share time a rebuild must replay for every window to be complete. */
    public static Duration rebuildSpan() {
        return HashrateWindow.D1.length();
    }

    public List<HashrateEstimate> pool() {
        return pool.estimates(clock.millis(), startedMillis, 0);
    }

    /** The pool-wide hashrate by window label (what the metrics export). */
    public Map<String, Double> poolByWindow() {
        Map<String, Double> byWindow = new LinkedHashMap<>();
        pool().forEach(e -> byWindow.put(e.window().label(), e.hashrate()));
        return byWindow;
    }

    /** Empty when the user has had no accepted share in the last 24 h. */
    public Optional<List<HashrateEstimate>> user(String user) {
        HashrateMeter m = users.get(user);
        return m == null ? Optional.empty() : Optional.of(m.estimates(clock.millis()));
    }

    /**
     * The user's estimates observed since its first share or {@code connectedSinceMillis}
     * (its oldest live connection; {@code Long.MAX_VALUE} if none), whichever is older: zero with an
     * upper limit sized by {@code difficulty} when it has no share yet.
     */
    public List<HashrateEstimate> user(String user, long connectedSinceMillis, double difficulty) {
        HashrateMeter m = users.get(user);
        return (m == null ? new HashrateMeter() : m).estimates(clock.millis(), connectedSinceMillis, difficulty);
    }

    /** One worker's figures, observed as {@link #user(String, long, double)} says; known or not. */
    public WorkerHashrate worker(String user, String worker, long connectedSinceMillis, double difficulty) {
        HashrateMeter m = workers.getOrDefault(user, Map.of()).get(worker);
        HashrateMeter meter = m == null ? HashrateMeter.forWorker() : m;
        return new WorkerHashrate(worker, meter.lastShareMillis(),
                meter.estimates(clock.millis(), connectedSinceMillis, difficulty));
    }

    /** Per worker name, sorted; empty when the user has no active worker. */
    public Map<String, WorkerHashrate> workers(String user) {
        Map<String, WorkerHashrate> out = new TreeMap<>();
        long now = clock.millis();
        workers.getOrDefault(user, Map.of()).forEach((name, m) ->
                out.put(name, new WorkerHashrate(name, m.lastShareMillis(), m.estimates(now))));
        return out;
    }

    /** Number of users with a share in the last 24 h. */
    public int activeUsers() {
        return users.size();
    }

    /** Forgets workers and users without a share for 24 h; returns how many workers went. */
    public int evictIdle() {
        long cutoff = clock.millis() - IDLE_MILLIS;
        int[] evicted = {0};
        workers.forEach((user, byName) -> {
            evicted[0] += removeIdle(byName, cutoff);
            if (byName.isEmpty()) {
                workers.remove(user, byName);
            }
        });
        removeIdle(users, cutoff);
        return evicted[0];
    }

    private static int removeIdle(Map<String, HashrateMeter> meters, long cutoff) {
        int before = meters.size();
        meters.values().removeIf(m -> m.lastShareMillis() < cutoff);
        return before - meters.size();
    }

    /** One worker's figures for the API. */
    public record WorkerHashrate(String worker, long lastShareMillis, List<HashrateEstimate> hashrate) {
    }
}
