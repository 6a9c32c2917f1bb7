package io.stratumpool.pool.admin;

import java.time.Duration;
import java.util.List;

/** What the admin API can see and do; the server implements it on the live pool. */
public interface AdminOperations {
    /** One mining connection; {@code connectedSince} in ISO-8601 UTC. */
    record SessionView(String id, String user, List<String> workers, String address, String userAgent, double difficulty,
            String connectedSince) {
    }

    /** One banned address and when the ban ends (ISO-8601 UTC). */
    record BanView(String address, String until) {
    }

    List<SessionView> sessions();

    /** False when no such session. */
    boolean kick(String sessionId);

    boolean reconnect(String sessionId);

    boolean showMessage(String sessionId, String message);

    List<BanView> bans();

    /** Bans the address (an IP literal) and closes its connections; false for a malformed address. */
    boolean ban(String address, Duration length);

    boolean unban(String address);

    /** Sends every miner {@code client.reconnect}, spread evenly over {@code period}; returns how many. */
    int drain(Duration period);

    /** {@code mining.set_extranonce} to every extranonce-subscribed miner; returns how many miners there are. */
    int repartitionExtranonces();
}
