package io.stratumpool.pool.session;

import io.netty.channel.EventLoop;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.job.JobListener;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.stratum.StratumMessages;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live connections: admission under the connection limits and bans, extranonce1 allocation,
 * and the {@code mining.notify} fan-out. Sessions are grouped by event loop so a broadcast costs
 * one task per loop ({@link NotifyFanout}), each writing its copy of the notify line to its own connections.
 */
public final class SessionRegistry implements JobListener {
    private final ExtranonceAllocator extranonces;
    private final PoolMetrics metrics;
    private final Clock clock;
    private final int maxConnections;
    private final int maxPerIp;
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> bannedUntil = new ConcurrentHashMap<>();
    private final Map<String, Long> bannedUsersUntil = new ConcurrentHashMap<>();
    private final Map<EventLoop, Set<StratumSession>> ready = new ConcurrentHashMap<>();
    /** The same sessions per loop in connection order, read and written only on that loop: the fan-out's walk. */
    private final Map<EventLoop, LoopSessions> fanoutOrder = new ConcurrentHashMap<>();
    private final Map<String, Double> resumable = new ConcurrentHashMap<>();

    private volatile String publicHost;
    private volatile Integer publicPort;

    public SessionRegistry(ExtranonceAllocator extranonces, PoolMetrics metrics, Clock clock, int maxConnections, int maxPerIp) {
        this.extranonces = extranonces;
        this.metrics = metrics;
        this.clock = clock;
        this.maxConnections = maxConnections;
        this.maxPerIp = maxPerIp;
    }

    /** Admits a new connection, or returns the reason it is refused. */
    public String admit(InetAddress ip) {
        Long until = bannedUntil.get(ip);
        if (until != null) {
            if (until > clock.millis()) {
                return "banned";
            }
            bannedUntil.remove(ip, until);
        }
        if (connections.incrementAndGet() > maxConnections) {
            connections.decrementAndGet();
            return "max_connections";
        }
        AtomicInteger count = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerIp) {
            count.decrementAndGet();
            connections.decrementAndGet();
            return "max_connections_per_ip";
        }
        return null;
    }

    public void release(InetAddress ip) {
        connections.decrementAndGet();
        perIp.computeIfPresent(ip, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    public void ban(InetAddress ip, long millis) {
        bannedUntil.put(ip, clock.millis() + millis);
    }

    public ExtranonceAllocator extranonces() {
        return extranonces;
    }

    /** Remembers a closing session's difficulty so a miner resuming its session id starts there. */
    void remember(String sessionId, double difficulty) {
        if (resumable.size() > 100_000) {
            resumable.clear(); // a crude bound; resuming is a convenience, not a promise
        }
        resumable.put(sessionId, difficulty);
    }

    Double resumedDifficulty(String sessionId) {
        return sessionId == null ? null : resumable.remove(sessionId);
    }

    void ready(StratumSession session) {
        ready.computeIfAbsent(session.eventLoop(), l -> ConcurrentHashMap.newKeySet()).add(session);
        fanoutOrder.computeIfAbsent(session.eventLoop(), l -> new LoopSessions()).add(session);
        metrics.subscribed(1);
        metrics.minerJoined(session.firmware());
    }

    void unready(StratumSession session) {
        Set<StratumSession> set = ready.get(session.eventLoop());
        if (set != null && set.remove(session)) {
            fanoutOrder.get(session.eventLoop()).remove(session);
            metrics.subscribed(-1);
            metrics.minerLeft(session.firmware());
        }
    }

    public int connectionCount() {
        return connections.get();
    }

    public int readyCount() {
        return ready.values().stream().mapToInt(Set::size).sum();
    }

    /** Every mining connection, for statistics. */
    public List<StratumSession> sessions() {
        List<StratumSession> all = new ArrayList<>();
        ready.values().forEach(all::addAll);
        return all;
    }

    /** One {@link NotifyFanout} task per event loop; the fan-out timer stops when the last loop is done. */
    @Override
    public void onNewJobs(JobGeneration generation, boolean clean) {
        long start = System.nanoTime();
        List<Map.Entry<EventLoop, LoopSessions>> loops = new ArrayList<>(fanoutOrder.entrySet());
        AtomicInteger remaining = new AtomicInteger(loops.size());
        AtomicInteger recipients = new AtomicInteger();
        for (Map.Entry<EventLoop, LoopSessions> loop : loops) {
            loop.getKey().execute(new NotifyFanout(generation, clean, loop.getValue(), remaining, recipients,
                    reached -> metrics.notifyFanout(System.nanoTime() - start, reached)));
        }
    }

    /**
     * Where {@code client.reconnect} sends miners: the pool's public name (behind a load balancer
     * the socket's local address means nothing to a miner). Null host: empty params, i.e. "this
     * same server again". A null port with a host: the port the miner is connected to.
     */
    public void publicEndpoint(String host, Integer port) {
        this.publicHost = host;
        this.publicPort = port;
    }

    /** The {@code client.reconnect} line for a miner connected to {@code localPort}. */
    String reconnectLine(int localPort, int waitSeconds) {
        String host = publicHost;
        if (host == null) {
            return StratumMessages.reconnect();
        }
        return StratumMessages.reconnect(host, publicPort != null ? publicPort : localPort, waitSeconds);
    }

    /** Graceful shutdown: tells every miner to reconnect (to this address, after a short wait). */
    public void reconnectAll(int waitSeconds) {
        ready.forEach((loop, sessions) -> loop.execute(() -> sessions.forEach(s -> s.reconnect(waitSeconds))));
    }

    // --- operator actions (the admin API) --------------------------------------------------------

    /** The mining session with this id (its extranonce1 hex), or null. */
    public StratumSession find(String sessionId) {
        for (Set<StratumSession> sessions : ready.values()) {
            for (StratumSession s : sessions) {
                if (sessionId.equals(s.sessionId())) {
                    return s;
                }
            }
        }
        return null;
    }

    /** Runs {@code action} on the session's event loop; false when there is no such session. */
    private boolean onSession(String sessionId, java.util.function.Consumer<StratumSession> action) {
        StratumSession s = find(sessionId);
        if (s == null) {
            return false;
        }
        s.eventLoop().execute(() -> action.accept(s));
        return true;
    }

    public boolean kick(String sessionId) {
        return onSession(sessionId, StratumSession::kick);
    }

    public boolean reconnect(String sessionId) {
        return onSession(sessionId, s -> s.reconnect(0));
    }

    public boolean showMessage(String sessionId, String text) {
        return onSession(sessionId, s -> s.showMessage(text));
    }

    /** Addresses banned now, with the ban's end in epoch milliseconds. */
    public Map<InetAddress, Long> bans() {
        long now = clock.millis();
        Map<InetAddress, Long> live = new java.util.LinkedHashMap<>();
        bannedUntil.forEach((ip, until) -> {
            if (until > now) {
                live.put(ip, until);
            }
        });
        return live;
    }

    /** Bans the address and closes its current mining connections. */
    public void banAndKick(InetAddress ip, long millis) {
        ban(ip, millis);
        sessions().stream().filter(s -> s.clientAddress() != null && ip.equals(s.clientAddress().getAddress()))
                .forEach(s -> s.eventLoop().execute(s::kick));
    }

    public boolean unban(InetAddress ip) {
        Long until = bannedUntil.remove(ip);
        return until != null && until > clock.millis();
    }

    /**
     * Bans a user (the part of {@code user.worker} before the dot) on every port and protocol: its
     * V1 connections are closed here and its authorizations refused ({@link #userBanRefusal}); the
     * V2 edge refuses its channels through the same check.
     */
    public void banUserAndKick(String user, long millis) {
        bannedUsersUntil.put(user, clock.millis() + millis);
        sessions().stream().filter(s -> s.authorizedWorkers().stream().anyMatch(w -> w.user().equals(user)))
                .forEach(s -> s.eventLoop().execute(s::kick));
    }

    public boolean unbanUser(String user) {
        Long until = bannedUsersUntil.remove(user);
        return until != null && until > clock.millis();
    }

    /** Users banned now, with the ban's end in epoch milliseconds. */
    public Map<String, Long> userBans() {
        long now = clock.millis();
        Map<String, Long> live = new java.util.TreeMap<>();
        bannedUsersUntil.forEach((user, until) -> {
            if (until > now) {
                live.put(user, until);
            }
        });
        return live;
    }

    /** Why {@code user} may not mine now (a one-line reason), or null when it is not banned. */
    public String userBanRefusal(String user) {
        Long until = bannedUsersUntil.get(user);
        if (until == null) {
            return null;
        }
        if (until <= clock.millis()) {
            bannedUsersUntil.remove(user, until);
            return null;
        }
        return "user " + user + " is banned until " + java.time.Instant.ofEpochMilli(until);
    }

    /**
     * Drains this node: every miner gets {@code client.reconnect}, the i-th of n after i/n of
     * {@code periodMillis}, so a fleet does not land on the other nodes all at once. Returns n.
     */
    public int drain(long periodMillis) {
        List<StratumSession> all = sessions();
        for (int i = 0; i < all.size(); i++) {
            StratumSession s = all.get(i);
            long delay = all.size() <= 1 ? 0 : periodMillis * i / all.size();
            s.eventLoop().schedule(() -> s.reconnect(0), delay, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return all.size();
    }

    /** Gives every extranonce-subscribed miner a new extranonce1 ({@code mining.set_extranonce}). */
    public void repartitionExtranonces() {
        ready.forEach((loop, sessions) -> loop.execute(() -> sessions.forEach(StratumSession::renewExtranonce)));
    }
}
