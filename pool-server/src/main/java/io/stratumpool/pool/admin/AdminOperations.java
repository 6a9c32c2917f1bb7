package io.stratumpool.pool.admin;

import java.time.Duration;
import java.util.List;

/** What the admin API can see and do; the server implements it on the live pool. */
public interface AdminOperations {
    /**
     * One mining connection; {@code connectedSince} in ISO-8601 UTC; {@code protocol} {@code v1} or
     * {@code v2} (a V2 connection's id starts with {@code v2-}; its workers are its channels').
     */
    record SessionView(String id, String user, List<String> workers, String address, String userAgent, double difficulty,
            String connectedSince, String protocol) {
    }

    /** One ban: of an address ({@code user} null) or of a user ({@code address} null), and when it ends (ISO-8601 UTC). */
    record BanView(String address, String user, String until) {
    }

    /** A user's payout address and how it came to be: {@code address} null when the user cannot be paid. */
    record PayoutAddressView(String user, String address, String source, List<AddressChangeView> changes) {
    }

    /** One audited change of a bound address; {@code oldAddress} null for the first binding, {@code at} ISO-8601 UTC. */
    record AddressChangeView(String oldAddress, String newAddress, String by, String at) {
    }

    List<SessionView> sessions();

    /** Where a user is paid, with its audit trail. */
    PayoutAddressView payoutAddress(String user);

    /**
     * Binds a user name to a payout address (an audited change by {@code by}).
     *
     * @throws IllegalArgumentException naming the problem (invalid address, the user name is an address, …)
     */
    PayoutAddressView bindPayoutAddress(String user, String address, String by);

    /** False when no such session. */
    boolean kick(String sessionId);

    boolean reconnect(String sessionId);

    boolean showMessage(String sessionId, String message);

    List<BanView> bans();

    /** Bans the address (an IP literal) and closes its connections; false for a malformed address. */
    boolean ban(String address, Duration length);

    boolean unban(String address);

    /**
     * Bans a user on every port and protocol and closes its connections; false for a name that is
     * no valid user.
     */
    boolean banUser(String user, Duration length);

    boolean unbanUser(String user);

    /** Sends every miner {@code client.reconnect}, spread evenly over {@code period}; returns how many. */
    int drain(Duration period);

    /** {@code mining.set_extranonce} to every extranonce-subscribed miner; returns how many miners there are. */
    int repartitionExtranonces();
}
