package io.stratumpool.pool.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Figures only the running Stratum server knows; it implements this for the API. Must be cheap and thread-safe. */
public interface LiveStats {
    /** Open, subscribed miner connections. */
    int connectedMiners();

    /** Distinct authorized user.worker pairs connected now. */
    int workersOnline();

    /** The user's workers with an open connection now. */
    Set<String> onlineWorkers(String user);

    /**
     * The firmware of the user's connected workers, by worker name (one of its connections when a
     * worker has several). Empty when the server does not know.
     */
    default Map<String, Firmware> firmware(String user) {
        return Map.of();
    }

    /**
     * The user's connected workers by name, whether or not they have submitted a share. Empty when
     * the server does not know.
     */
    default Map<String, LiveWorker> workers(String user) {
        return Map.of();
    }

    /** The chain tip the current job builds on, or null before the first template. */
    default Network network() {
        return null;
    }

    /** The Stratum ports miners may connect to. */
    default List<Port> ports() {
        return List.of();
    }

    /**
     * One connected worker. The share counts, difficulty and last share are those of the
     * connections whose first authorized worker it is (summed when it has several connections;
     * {@code rejected} excludes {@code stale}; {@code bestShare} is the highest difficulty an accepted
     * share's hash achieved); {@code connectedSinceMillis} is its oldest
     * connection; {@code lastShareMillis} is {@code Long.MIN_VALUE} before its first accepted share.
     */
    record LiveWorker(String worker, int connections, long connectedSinceMillis, double difficulty, long accepted,
            long rejected, long stale, double bestShare, long lastShareMillis, Firmware firmware) {
    }

    /** The height of the block being mined and the network difficulty it needs. */
    record Network(long height, double difficulty) {
    }

    /** A listening Stratum port and the difficulties it hands out. */
    record Port(int port, double initialDifficulty, double minDifficulty, double maxDifficulty, boolean vardiff,
            boolean tls) {
    }

    /**
     * A connection's firmware: its family and major version (the metrics' labels), the raw user
     * agent (V1 subscribe, V2 SetupConnection vendor/firmware) and the protocol ({@code v1}, {@code v2}).
     */
    record Firmware(String family, String major, String userAgent, String protocol) {
        /** A Stratum V1 connection's. */
        public Firmware(String family, String major, String userAgent) {
            this(family, major, userAgent, "v1");
        }
    }

    /** For tests and tools that run without a Stratum server. */
    LiveStats NONE = new LiveStats() {
        @Override
        public int connectedMiners() {
            return 0;
        }

        @Override
        public int workersOnline() {
            return 0;
        }

        @Override
        public Set<String> onlineWorkers(String user) {
            return Set.of();
        }
    };
}
