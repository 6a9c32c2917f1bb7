package io.stratumpool.pool.server;

import io.stratumpool.pool.api.LiveStats;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.metrics.FirmwareLabels;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.StratumSession;
import io.stratumpool.pool.share.Worker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The API's live figures, read from the session registry (an API call walks the sessions once). */
final class SessionLiveStats implements LiveStats {
    private final SessionRegistry registry;
    private final JobManager jobs;
    private final Supplier<List<Port>> ports;

    SessionLiveStats(SessionRegistry registry, JobManager jobs, Supplier<List<Port>> ports) {
        this.registry = registry;
        this.jobs = jobs;
        this.ports = ports;
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
            for (Worker w : s.authorizedWorkers()) {
                if (w.user().equals(user)) {
                    byWorker.putIfAbsent(w.name(), firmwareOf(s));
                }
            }
        }
        return byWorker;
    }

    @Override
    public Map<String, LiveWorker> workers(String user) {
        Map<String, LiveWorker> byWorker = new TreeMap<>();
        for (StratumSession s : registry.sessions()) {
            List<Worker> authorized = s.authorizedWorkers();
            for (int i = 0; i < authorized.size(); i++) {
                Worker w = authorized.get(i);
                if (w.user().equals(user)) {
                    byWorker.merge(w.name(), of(w.name(), s, i == 0), SessionLiveStats::combine);
                }
            }
        }
        return byWorker;
    }

    /** A session's counts belong to its first worker only: a share names one worker, the counts do not. */
    private static LiveWorker of(String name, StratumSession s, boolean primary) {
        return new LiveWorker(name, 1, s.connectedAtMillis(), s.currentDifficulty(),
                primary ? s.acceptedShares() : 0, primary ? s.rejectedShares() - s.staleShares() : 0,
                primary ? s.staleShares() : 0, primary ? s.bestShareDifficulty() : 0,
                primary ? s.lastShareMillis() : Long.MIN_VALUE, firmwareOf(s));
    }

    private static LiveWorker combine(LiveWorker a, LiveWorker b) {
        LiveWorker older = a.connectedSinceMillis() <= b.connectedSinceMillis() ? a : b;
        return new LiveWorker(a.worker(), a.connections() + b.connections(), older.connectedSinceMillis(),
                Math.max(a.difficulty(), b.difficulty()), a.accepted() + b.accepted(), a.rejected() + b.rejected(),
                a.stale() + b.stale(), Math.max(a.bestShare(), b.bestShare()), Math.max(a.lastShareMillis(), b.lastShareMillis()),
                older.firmware());
    }

    private static Firmware firmwareOf(StratumSession s) {
        FirmwareLabels labels = s.firmware();
        return new Firmware(labels.family(), labels.major(), s.userAgent());
    }

    @Override
    public Network network() {
        JobGeneration current = jobs.current();
        return current == null ? null : new Network(current.template().height(), current.networkDifficulty());
    }

    @Override
    public List<Port> ports() {
        return ports.get();
    }
}
