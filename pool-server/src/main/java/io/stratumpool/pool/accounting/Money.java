package io.stratumpool.pool.accounting;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Satoshi arithmetic that must come out exactly as an auditor computes it by hand. */
final class Money {
    private Money() {
    }

    /** floor(amount × fee), with the fee read as the decimal the operator wrote (0.01 is exactly 1 %). */
    static long feeOf(long amount, double fee) {
        return BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(fee)).setScale(0, RoundingMode.FLOOR)
                .longValueExact();
    }

    /** floor(amount × part / whole), computed exactly from the doubles' binary values. */
    static long proportion(long amount, double part, double whole) {
        return BigDecimal.valueOf(amount).multiply(new BigDecimal(part))
                .divide(new BigDecimal(whole), 0, RoundingMode.FLOOR).longValueExact();
    }

    /** The block subsidy at a height: 50 BTC halved every 210,000 blocks. */
    static long subsidy(long height) {
        long halvings = height / 210_000;
        return halvings >= 64 ? 0 : 5_000_000_000L >> halvings;
    }
}
