package io.stratumpool.pool.v2;

import io.stratumpool.pool.share.ShareOutcome;
import io.stratumpool.sv2.message.ErrorCodes;

/** The one place a share outcome becomes a V2 {@code SubmitShares.Error} code. */
final class V2ShareErrors {
    /** A share the pool validated but could not store: not credited, so not acknowledged. */
    static final String NOT_STORED = "share-not-stored";
    /** A share that could not be parsed into a header. */
    static final String INVALID_SHARE = "invalid-share";

    private V2ShareErrors() {
    }

    static String of(ShareOutcome outcome) {
        return switch (outcome) {
            case JOB_NOT_FOUND -> ErrorCodes.INVALID_JOB_ID;
            case STALE -> ErrorCodes.STALE_SHARE;
            case LOW_DIFFICULTY -> ErrorCodes.DIFFICULTY_TOO_LOW;
            case DUPLICATE -> ErrorCodes.DUPLICATE_SHARE;
            case NTIME_OUT_OF_RANGE -> ErrorCodes.INVALID_TIMESTAMP;
            case VERSION_BITS_OUTSIDE_MASK -> ErrorCodes.INVALID_VERSION;
            case BAD_EXTRANONCE2_LENGTH -> ErrorCodes.INVALID_EXTRANONCE_SIZE;
            case NOT_STORED -> NOT_STORED;
            case MALFORMED -> INVALID_SHARE;
            case ACCEPTED, BLOCK -> throw new IllegalArgumentException("not an error: " + outcome);
        };
    }
}
