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

    /** A wallet payout batch as operators approve or reject it; {@code txid} null until signed. */
    record PayoutBatchView(long id, String status, long total, String txid, Long fee, int confirmations, String created,
            List<PayoutLineView> payments) {
    }

    /** One payment of a batch. */
    record PayoutLineView(String user, String address, long amount) {
    }

    /** The wallet payer's switches, what is owed, and the batches not final yet. */
    record PayoutsView(boolean paused, boolean approvalRequired, long unpaid, List<PayoutBatchView> open) {
    }

    /** The wallet payer's state. @throws IllegalArgumentException when wallet payouts are off */
    PayoutsView payouts();

    /** Pauses (no new batch is recorded or signed; open ones are still reconciled) or resumes, audited with {@code by}. */
    PayoutsView pausePayouts(boolean paused, String by);

    /** Turns approval mode on or off, audited with {@code by}. */
    PayoutsView requireApproval(boolean required, String by);

    /** Runs one payout round now and says what it did. */
    String runPayouts(String by);

    /** Approves a recorded batch; false when it is not awaiting approval. */
    boolean approvePayout(long batch, String by);

    /** Rejects an unsigned batch (its amounts go back to the balances); false when it is signed or final. */
    boolean rejectPayout(long batch, String by);

    /**
     * Voids a signed batch whose transaction can never confirm, proven by {@code conflictTxid} (a
     * transaction spending one of its inputs, deep enough); null when voided, else the one-line reason it was not.
     */
    String voidPayout(long batch, String conflictTxid, String by);

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
