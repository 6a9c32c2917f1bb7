package io.stratumpool.pool.v2;

import io.netty.channel.EventLoop;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.job.JobListener;
import io.stratumpool.pool.metrics.PoolMetrics;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The V2 connections with at least one open channel, grouped by event loop: new jobs go out as
 * one task per loop (as {@code SessionRegistry} does for V1); drain and shutdown send them
 * {@code Reconnect}.
 */
public final class V2Registry implements JobListener {
    private final PoolMetrics metrics;
    private final Map<EventLoop, Set<V2Session>> ready = new ConcurrentHashMap<>();
    private volatile String publicHost;
    private volatile Integer publicPort;

    public V2Registry(PoolMetrics metrics) {
        this.metrics = metrics;
    }

    /** Where Reconnect sends miners: null host means "this server again" (empty host, port 0). */
    public void publicEndpoint(String host, Integer port) {
        this.publicHost = host;
        this.publicPort = port;
    }

    String publicHost() {
        return publicHost;
    }

    Integer publicPort() {
        return publicPort;
    }

    void ready(V2Session session) {
        ready.computeIfAbsent(session.eventLoop(), l -> ConcurrentHashMap.newKeySet()).add(session);
        metrics.subscribed(1);
        metrics.minerJoined(session.firmware());
    }

    void unready(V2Session session) {
        Set<V2Session> set = ready.get(session.eventLoop());
        if (set != null && set.remove(session)) {
            metrics.subscribed(-1);
            metrics.minerLeft(session.firmware());
        }
    }

    @Override
    public void onNewJobs(JobGeneration generation, boolean clean) {
        ready.forEach((loop, sessions) -> loop.execute(() -> sessions.forEach(s -> s.sendJobs(generation, clean))));
    }

    /** Every V2 connection with a channel, for statistics and the API. */
    public List<V2Session> sessions() {
        List<V2Session> all = new ArrayList<>();
        ready.values().forEach(all::addAll);
        return all;
    }

    public int readyCount() {
        return ready.values().stream().mapToInt(Set::size).sum();
    }

    // --- operator actions (the admin API) --------------------------------------------------------

    /** The V2 connection with this {@link V2Session#connectionId()}, or null. */
    public V2Session find(String connectionId) {
        for (V2Session s : sessions()) {
            if (connectionId.equals(s.connectionId())) {
                return s;
            }
        }
        return null;
    }

    /** Closes that connection; false when there is none. */
    public boolean kick(String connectionId) {
        V2Session s = find(connectionId);
        if (s != null) {
            s.eventLoop().execute(s::kick);
        }
        return s != null;
    }

    /** Sends that connection Reconnect (then closes it); false when there is none. */
    public boolean reconnect(String connectionId) {
        V2Session s = find(connectionId);
        if (s != null) {
            s.eventLoop().execute(s::reconnect);
        }
        return s != null;
    }

    /** Closes every V2 connection from {@code ip} (an address just banned). */
    public void kickAddress(InetAddress ip) {
        sessions().stream().filter(s -> s.clientAddress() != null && ip.equals(s.clientAddress().getAddress()))
                .forEach(s -> s.eventLoop().execute(s::kick));
    }

    /** Closes every V2 connection with a channel of {@code user} (a user just banned). */
    public void kickUser(String user) {
        sessions().forEach(s -> s.eventLoop().execute(() -> {
            if (s.mines(user)) {
                s.kick();
            }
        }));
    }

    /** Graceful shutdown: Reconnect to every V2 miner. */
    public void reconnectAll() {
        ready.forEach((loop, sessions) -> loop.execute(() -> sessions.forEach(V2Session::reconnect)));
    }

    /** Reconnect to every V2 miner, the i-th of n after i/n of the period; returns n. */
    public int drain(long periodMillis) {
        List<V2Session> all = sessions();
        for (int i = 0; i < all.size(); i++) {
            V2Session s = all.get(i);
            long delay = all.size() <= 1 ? 0 : periodMillis * i / all.size();
            s.eventLoop().schedule(s::reconnect, delay, TimeUnit.MILLISECONDS);
        }
        return all.size();
    }
}
