package io.stratumpool.sv2.message;

/**
 * Error codes this pool sends. The specification leaves error codes to implementations (section
 * 3.5: printable ASCII, no control characters, unknown codes are logged and ignored); these are
 * the kebab-case strings miners and the reference implementation already recognize.
 */
public final class ErrorCodes {
    // SetupConnection.Error
    public static final String UNSUPPORTED_PROTOCOL = "unsupported-protocol";
    public static final String PROTOCOL_VERSION_MISMATCH = "protocol-version-mismatch";
    public static final String UNSUPPORTED_FEATURE_FLAGS = "unsupported-feature-flags";
    // OpenMiningChannel.Error
    public static final String UNKNOWN_USER = "unknown-user";
    public static final String MAX_TARGET_OUT_OF_RANGE = "max-target-out-of-range";
    public static final String MIN_EXTRANONCE_SIZE_TOO_LARGE = "min-extranonce-size-too-large";
    // UpdateChannel.Error
    public static final String INVALID_CHANNEL_ID = "invalid-channel-id";
    public static final String INVALID_NOMINAL_HASHRATE = "invalid-nominal-hashrate";
    // SubmitShares.Error
    public static final String INVALID_JOB_ID = "invalid-job-id";
    public static final String STALE_SHARE = "stale-share";
    public static final String DIFFICULTY_TOO_LOW = "difficulty-too-low";
    public static final String DUPLICATE_SHARE = "duplicate-share";
    public static final String INVALID_TIMESTAMP = "invalid-timestamp";
    public static final String INVALID_VERSION = "invalid-version";
    public static final String INVALID_EXTRANONCE_SIZE = "invalid-extranonce-size";

    private ErrorCodes() {
    }
}
