package io.stratumpool.validator;

/**
 * The outcome of validating one share. {@code hash} (internal byte order) and {@code difficulty}
 * are set whenever the header could be hashed; {@code header} and {@code extranonce2} only for
 * {@link Result#BLOCK}, where they are needed to build the block.
 */
public record Verdict(Result result, byte[] hash, double difficulty, byte[] header, byte[] extranonce2) {

    /** Why a share was accepted or rejected. */
    public enum Result {
        ACCEPTED,
        /** Meets the network target: a block. Also a valid share. */
        BLOCK,
        LOW_DIFFICULTY,
        DUPLICATE,
        NTIME_OUT_OF_RANGE,
        VERSION_BITS_OUTSIDE_MASK,
        BAD_EXTRANONCE2_LENGTH,
        MALFORMED;

        /** True for shares that count: accepted ones and blocks. */
        public boolean isValid() {
            return this == ACCEPTED || this == BLOCK;
        }
    }

    static Verdict rejected(Result result) {
        return new Verdict(result, null, 0, null, null);
    }

    public boolean isValid() {
        return result.isValid();
    }

    public String hashHex() {
        return hash == null ? null : Hex.encodeReversed(hash);
    }
}
