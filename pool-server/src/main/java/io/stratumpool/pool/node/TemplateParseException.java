package io.stratumpool.pool.node;

/**
 * A {@code getblocktemplate} answer the pool will not mine on. The message names the field:
 * {@code transactions[2].txid: "ab…" (expected: "cd…", computed from data)}.
 */
public final class TemplateParseException extends Exception {
    /** Why the template was refused. */
    public enum Reason {
        /** A field is missing, of the wrong type, or out of range. */
        MALFORMED,
        /** A transaction's txid or wtxid disagrees with its data. */
        TRANSACTION_ID_MISMATCH,
        /** The node's default_witness_commitment disagrees with the one computed from the wtxids. */
        WITNESS_COMMITMENT_MISMATCH
    }

    private final Reason reason;

    public TemplateParseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
