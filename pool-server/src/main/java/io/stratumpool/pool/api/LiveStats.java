package io.stratumpool.pool.api;

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

    /** A connection's firmware: its family and major version (the metrics' labels) and the raw subscribe user agent. */
    record Firmware(String family, String major, String userAgent) {
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
