package io.stratumpool.pool.server;

import io.stratumpool.pool.api.LiveStats;
import io.stratumpool.pool.metrics.FirmwareLabels;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.StratumSession;
import io.stratumpool.pool.share.Worker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The API's live figures, read from the session registry (an API call walks the sessions once). */
final class SessionLiveStats implements LiveStats {
    private final SessionRegistry registry;

    SessionLiveStats(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int connectedMiners() {
        return registry.readyCount();
    }

    @Override
    public int workersOnline() {
        Set<String> logins = new HashSet<>();
        for (StratumSession s : registry.sessions()) {
            s.authorizedWorkers().forEach(w -> logins.add(w.login()));
        }
        return logins.size();
    }

    @Override
    public Set<String> onlineWorkers(String user) {
        Set<String> names = new HashSet<>();
        for (StratumSession s : registry.sessions()) {
            for (Worker w : s.authorizedWorkers()) {
                if (w.user().equals(user)) {
                    names.add(w.name());
                }
            }
        }
        return names;
    }

    @Override
    public Map<String, Firmware> firmware(String user) {
        Map<String, Firmware> byWorker = new HashMap<>();
        for (StratumSession s : registry.sessions()) {
            FirmwareLabels labels = s.firmware();
            for (Worker w : s.authorizedWorkers()) {
                if (w.user().equals(user)) {
                    byWorker.putIfAbsent(w.name(), new Firmware(labels.family(), labels.major(), s.userAgent()));
                }
            }
        }
        return byWorker;
    }
}
