package io.stratumpool.pool.server;

import io.stratumpool.pool.api.LiveStats;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.metrics.FirmwareLabels;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.StratumSession;
import io.stratumpool.pool.share.Worker;
import io.stratumpool.pool.v2.V2Registry;
import io.stratumpool.pool.v2.V2Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The API's live figures, read from the V1 session registry and the V2 registry (an API call walks
 * the connections once). A V2 channel counts as one connection of its worker.
 */
final class SessionLiveStats implements LiveStats {
    private final SessionRegistry registry;
    private final V2Registry v2;
    private final JobManager jobs;
    private final Supplier<List<Port>> ports;

    SessionLiveStats(SessionRegistry registry, V2Registry v2, JobManager jobs, Supplier<List<Port>> ports) {
        this.registry = registry;
        this.v2 = v2;
        this.jobs = jobs;
        this.ports = ports;
    }

    /** One mining connection (V1) or channel (V2) as the API counts it; the counts belong to its first worker. */
    private record Connection(List<Worker> workers, Firmware firmware, long connectedAt, double difficulty, long accepted,
            long rejected, long stale, double bestShare, long lastShare) {
    }

    private List<Connection> connections() {
        List<Connection> out = new ArrayList<>();
        for (StratumSession s : registry.sessions()) {
            FirmwareLabels labels = s.firmware();
            out.add(new Connection(s.authorizedWorkers(), new Firmware(labels.family(), labels.major(), s.userAgent(), "v1"),
                    s.connectedAtMillis(), s.currentDifficulty(), s.acceptedShares(), s.rejectedShares() - s.staleShares(),
                    s.staleShares(), s.bestShareDifficulty(), s.lastShareMillis()));
        }
        for (V2Session s : v2.sessions()) {
            FirmwareLabels labels = s.firmware();
            Firmware firmware = new Firmware(labels.family(), labels.major(), s.userAgent(), "v2");
            for (V2Session.ChannelView c : s.channels()) {
                out.add(new Connection(List.of(c.worker()), firmware, s.connectedAtMillis(), c.difficulty(), c.accepted(),
                        c.rejected() - c.stale(), c.stale(), c.bestShare(), c.lastShareMillis()));
            }
        }
        return out;
    }

    @Override
    public int connectedMiners() {
        return registry.readyCount() + v2.readyCount();
    }

    @Override
    public int workersOnline() {
        Set<String> logins = new HashSet<>();
        for (Connection c : connections()) {
            c.workers().forEach(w -> logins.add(w.login()));
        }
        return logins.size();
    }

    @Override
    public Set<String> onlineWorkers(String user) {
        Set<String> names = new HashSet<>();
        for (Connection c : connections()) {
            for (Worker w : c.workers()) {
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
        for (Connection c : connections()) {
            for (Worker w : c.workers()) {
                if (w.user().equals(user)) {
                    byWorker.putIfAbsent(w.name(), c.firmware());
                }
            }
        }
        return byWorker;
    }

    @Override
    public Map<String, LiveWorker> workers(String user) {
        Map<String, LiveWorker> byWorker = new TreeMap<>();
        for (Connection c : connections()) {
            List<Worker> authorized = c.workers();
            for (int i = 0; i < authorized.size(); i++) {
                Worker w = authorized.get(i);
                if (w.user().equals(user)) {
                    byWorker.merge(w.name(), of(w.name(), c, i == 0), SessionLiveStats::combine);
                }
            }
        }
        return byWorker;
    }

    /** A connection's counts belong to its first worker only: a share names one worker, the counts do not. */
    private static LiveWorker of(String name, Connection c, boolean primary) {
        return new LiveWorker(name, 1, c.connectedAt(), c.difficulty(), primary ? c.accepted() : 0,
                primary ? c.rejected() : 0, primary ? c.stale() : 0, primary ? c.bestShare() : 0,
                primary ? c.lastShare() : Long.MIN_VALUE, c.firmware());
    }

    private static LiveWorker combine(LiveWorker a, LiveWorker b) {
        LiveWorker older = a.connectedSinceMillis() <= b.connectedSinceMillis() ? a : b;
        return new LiveWorker(a.worker(), a.connections() + b.connections(), older.connectedSinceMillis(),
                Math.max(a.difficulty(), b.difficulty()), a.accepted() + b.accepted(), a.rejected() + b.rejected(),
                a.stale() + b.stale(), Math.max(a.bestShare(), b.bestShare()), Math.max(a.lastShareMillis(), b.lastShareMillis()),
                older.firmware());
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
