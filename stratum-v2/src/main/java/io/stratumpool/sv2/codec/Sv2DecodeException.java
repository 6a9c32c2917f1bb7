package io.stratumpool.sv2.codec;

/**
 * A frame or payload that cannot be decoded, with the reason the edge counts and a message naming
 * the message and field. Checked: bytes come from the network, and the caller must close.
 */
public final class Sv2DecodeException extends Exception {
    /** Why decoding failed. */
    public enum Reason {
        /** The input ended before a field did. */
        TRUNCATED,
        /** A length prefix exceeds the type's bound (e.g. 33 for a B0_32) or the frame limit. */
        OVERSIZED,
        /** Bytes left over after the last field of a message. */
        TRAILING_BYTES,
        /** A value outside what the field allows (e.g. an OPTION with two elements). */
        INVALID_VALUE,
        /** An extension or message type this implementation does not know. */
        UNKNOWN_MESSAGE
    }

    private final Reason reason;

    public Sv2DecodeException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
