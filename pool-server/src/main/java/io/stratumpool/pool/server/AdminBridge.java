package io.stratumpool.pool.server;

import io.stratumpool.pool.admin.AdminOperations;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.StratumSession;
import io.stratumpool.pool.share.Worker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The admin API's view of the live pool: the session registry, in the admin package's terms. */
final class AdminBridge implements AdminOperations {
    private final SessionRegistry registry;
    private final io.stratumpool.pool.v2.V2Registry v2;

    AdminBridge(SessionRegistry registry) {
        this(registry, null);
    }

    /** {@code v2}: the V2 connections, which drain reaches too (null: none). */
    AdminBridge(SessionRegistry registry, io.stratumpool.pool.v2.V2Registry v2) {
        this.registry = registry;
        this.v2 = v2;
    }

    @Override
    public List<SessionView> sessions() {
        return registry.sessions().stream().map(AdminBridge::view).toList();
    }

    private static SessionView view(StratumSession s) {
        List<Worker> workers = s.authorizedWorkers();
        InetSocketAddress address = s.clientAddress();
        return new SessionView(s.sessionId(), workers.isEmpty() ? null : workers.get(0).user(),
                workers.stream().map(Worker::name).toList(),
                address == null ? null : address.getAddress().getHostAddress() + ":" + address.getPort(),
                s.userAgent(), s.currentDifficulty(), Instant.ofEpochMilli(s.connectedAtMillis()).toString());
    }

    @Override
    public boolean kick(String sessionId) {
        return registry.kick(sessionId);
    }

    @Override
    public boolean reconnect(String sessionId) {
        return registry.reconnect(sessionId);
    }

    @Override
    public boolean showMessage(String sessionId, String message) {
        return registry.showMessage(sessionId, message);
    }

    @Override
    public List<BanView> bans() {
        return registry.bans().entrySet().stream()
                .map(e -> new BanView(e.getKey().getHostAddress(), Instant.ofEpochMilli(e.getValue()).toString())).toList();
    }

    @Override
    public boolean ban(String address, Duration length) {
        InetAddress ip = literal(address);
        if (ip == null) {
            return false;
        }
        registry.banAndKick(ip, length.toMillis());
        return true;
    }

    @Override
    public boolean unban(String address) {
        InetAddress ip = literal(address);
        return ip != null && registry.unban(ip);
    }

    @Override
    public int drain(Duration period) {
        return registry.drain(period.toMillis()) + (v2 == null ? 0 : v2.drain(period.toMillis()));
    }

    @Override
    public int repartitionExtranonces() {
        registry.repartitionExtranonces();
        return registry.readyCount();
    }

    /** An IP literal, never a name to resolve. */
    private static InetAddress literal(String text) {
        if (text == null || !text.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
