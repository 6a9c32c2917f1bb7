package io.stratumpool.pool.api;

import java.util.Set;

/** Figures only the running Stratum server knows; it implements this for the API. Must be cheap and thread-safe. */
public interface LiveStats {
    /** Open, subscribed miner connections. */
    int connectedMiners();

    /** Distinct authorized user.worker pairs connected now. */
    int workersOnline();

    /** The user's workers with an open connection now. */
    Set<String> onlineWorkers(String user);

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
