package io.stratumpool.pool.session;

import io.stratumpool.pool.share.ShareResult;
import io.stratumpool.pool.stratum.StratumError;
import io.stratumpool.validator.Job;

/** The one place a share's outcome becomes a Stratum v1 error (codes 20–23 as firmware knows them). */
final class ShareErrors {
    static final StratumError NOT_STORED = StratumError.other("share not stored (ledger unavailable), not credited");

    private ShareErrors() {
    }

    /** The error for a rejected share; null for a valid one. */
    static StratumError of(ShareResult result) {
        Job job = result.job() == null ? null : result.job().job();
        return switch (result.outcome()) {
            case ACCEPTED, BLOCK -> null;
            case JOB_NOT_FOUND -> StratumError.JOB_NOT_FOUND;
            case STALE -> StratumError.STALE;
            case LOW_DIFFICULTY -> StratumError.LOW_DIFFICULTY;
            case DUPLICATE -> StratumError.DUPLICATE;
            case NTIME_OUT_OF_RANGE -> StratumError.other("ntime out of range (job ntime "
                    + job.nTimeHex() + ", allowed up to " + String.format("%08x", job.maxNTime()) + ")");
            case VERSION_BITS_OUTSIDE_MASK -> StratumError.other("version bits outside the granted mask");
            case BAD_EXTRANONCE2_LENGTH -> StratumError.other("extranonce2 must be "
                    + job.coinbase().extranonce2Size() + " bytes (" + 2 * job.coinbase().extranonce2Size() + " hex digits)");
            case MALFORMED -> StratumError.other("malformed share: extranonce2, ntime, nonce and version bits must be hex");
            case NOT_STORED -> NOT_STORED;
        };
    }
}
