package io.stratumpool.pool.ledger;

/**
 * A share the ledger did not store and never will: the miner must not be told {@code true}
 * (answer error 20). {@link #reason} says why.
 */
public final class LedgerRejectedException extends RuntimeException {
    /** Why the share was not stored. */
    public enum Reason {
        /** The queue was at capacity: the store is behind or down. */
        QUEUE_FULL,
        /** The share waited longer than {@code ledger.ackTimeoutMillis} without entering a transaction. */
        TIMEOUT,
        /** The ledger was closed before the share could be stored. */
        CLOSED
    }

    private final Reason reason;

    public LedgerRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
