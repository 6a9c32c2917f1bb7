package io.stratumpool.pool.v2;

/**
 * Why a V2 connection is closed for what it sent: the {@code reason} is the
 * {@code stratum_protocol_errors_total} label (a small fixed set, see {@link #REASONS}).
 */
public final class V2ProtocolException extends Exception {
    /** Handshake act 1 refused (only the length can be wrong: any 64 bytes decode as a key). */
    public static final String HANDSHAKE = "v2_handshake_failed";
    /** A frame's authentication tag did not verify: tampered, truncated or garbage. */
    public static final String DECRYPT = "v2_decrypt_failed";
    /** A frame header announced a payload over {@code stratum.v2.maxFrameLength}. */
    public static final String TOO_LARGE = "v2_frame_too_large";
    /** A frame that decrypted but does not decode as the message its header names. */
    public static final String MALFORMED = "v2_malformed_frame";
    /** A Common or Mining message type this pool does not handle, or one a client never sends. */
    public static final String UNEXPECTED = "v2_unexpected_message";
    /** A mining message before SetupConnection, or a second SetupConnection. */
    public static final String NOT_SET_UP = "v2_not_set_up";
    /** Every reason, for the metrics registered at zero. */
    public static final java.util.List<String> REASONS = java.util.List.of(HANDSHAKE, DECRYPT, TOO_LARGE, MALFORMED,
            UNEXPECTED, NOT_SET_UP);

    private final String reason;

    public V2ProtocolException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public V2ProtocolException(String reason, String message) {
        this(reason, message, null);
    }

    public String reason() {
        return reason;
    }
}
