package io.stratumpool.pool.stratum;

/**
 * A Stratum error as miners parse it: {@code [code, "message", null]}. Codes 20–25 are the ones
 * firmware knows; the message says what exactly was wrong.
 */
public record StratumError(int code, String message) {
    public static final StratumError JOB_NOT_FOUND = new StratumError(21, "Job not found (stale)");
    public static final StratumError STALE = new StratumError(21, "Stale share: the block changed");
    public static final StratumError DUPLICATE = new StratumError(22, "Duplicate share");
    public static final StratumError LOW_DIFFICULTY = new StratumError(23, "Low difficulty share");
    public static final StratumError UNAUTHORIZED = new StratumError(24, "Unauthorized worker");
    public static final StratumError NOT_SUBSCRIBED = new StratumError(25, "Not subscribed");

    public static StratumError other(String message) {
        return new StratumError(20, message);
    }

    /** The JSON array form {@code [code,"message",null]}. */
    public String toJson() {
        return "[" + code + "," + StratumMessages.quote(message) + ",null]";
    }
}
