package io.stratumpool.pool.job;

import io.stratumpool.validator.CoinbaseBuilder;
import io.stratumpool.validator.CoinbaseOutput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a coinbase value over the PPLNS window, exactly to the satoshi and the same way every
 * time. The pool fee is floor(value × fee); each user gets floor(rest × weight / total weight),
 * computed exactly (the total is the exact sum of the weights, whatever their order).
 * Users are taken largest amount first (ties by user name); one is paid by an output of its own
 * when its amount reaches the dust threshold and its output fits both the output count and the
 * byte budget, otherwise its amount is carried. The last output pays the pool everything else:
 * fee, rounding remainder and carried amounts, so the outputs always sum to the value.
 */
public final class CoinbaseSplit {
    /** Outputs are counted in one byte (fewer than 253 with the pool's and the witness commitment). */
    public static final int MAX_OUTPUTS_LIMIT = 250;

    private final double fee;
    private final byte[] poolScript;
    private final long dust;
    private final int maxOutputs;

    /**
     * @param fee the pool's fraction of the value (0.01 = 1 %), read as the decimal written
     * @param dust the smallest amount paid by an output; smaller ones are carried
     * @param maxOutputs the most user outputs in one coinbase (1..250)
     */
    public CoinbaseSplit(double fee, byte[] poolScript, long dust, int maxOutputs) {
        if (!(fee >= 0 && fee < 1) || dust < 1 || maxOutputs < 1 || maxOutputs > MAX_OUTPUTS_LIMIT) {
            throw new IllegalArgumentException("coinbase split: fee " + fee + ", dust " + dust + ", maxOutputs "
                    + maxOutputs + " (expected 0 <= fee < 1, dust >= 1, 1 <= maxOutputs <= " + MAX_OUTPUTS_LIMIT + ")");
        }
        this.fee = fee;
        this.poolScript = poolScript.clone();
        this.dust = dust;
        this.maxOutputs = maxOutputs;
    }

    /**
     * The plan for one coinbase.
     *
     * @param fixedBytes the coinbase's size without payouts ({@link CoinbaseBuilder#sizeWithoutPayouts})
     * @param maxBytes the byte budget of the whole coinbase (without witness)
     * @throws IllegalArgumentException when not even the pool's output fits the budget
     */
    public CoinbasePlan plan(long value, PayoutWindow window, int fixedBytes, int maxBytes) {
        int bytesLeft = maxBytes - fixedBytes - CoinbaseBuilder.outputSize(poolScript.length);
        if (bytesLeft < 0) {
            throw new IllegalArgumentException("coinbase budget: " + maxBytes + " bytes (expected at least "
                    + (maxBytes - bytesLeft) + ": the coinbase without payouts and the pool's output)");
        }
        long distributable = value - feeOf(value);
        BigDecimal total = totalWeight(window);
        List<CoinbasePlan.Allocation> allocations = new ArrayList<>();
        List<CoinbaseOutput> outputs = new ArrayList<>();
        long paid = 0;
        for (PayoutWindow.Entry e : ordered(window, distributable, total)) {
            long amount = share(distributable, e.weight(), total);
            CoinbasePlan.Fate fate;
            int size = e.address() == null ? 0 : CoinbaseBuilder.outputSize(e.address().outputScript().length);
            if (e.address() == null) {
                fate = CoinbasePlan.Fate.NO_ADDRESS;
            } else if (amount < dust) {
                fate = CoinbasePlan.Fate.DUST;
            } else if (outputs.size() >= maxOutputs || size > bytesLeft) {
                fate = CoinbasePlan.Fate.OVER_BUDGET;
            } else {
                fate = CoinbasePlan.Fate.PAID;
                outputs.add(new CoinbaseOutput(amount, e.address().outputScript()));
                bytesLeft -= size;
                paid += amount;
            }
            allocations.add(new CoinbasePlan.Allocation(e.user(), e.address() == null ? null : e.address().toString(),
                    e.weight(), amount, fate));
        }
        if (value - paid > 0 || outputs.isEmpty()) {
            outputs.add(new CoinbaseOutput(value - paid, poolScript));
        }
        return new CoinbasePlan(outputs, allocations);
    }

    /** floor(value × fee), the fee read as the decimal the operator wrote (0.01 is exactly 1 %). */
    long feeOf(long value) {
        return BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(fee)).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * The exact sum of the positive weights, as decimals of the doubles' binary values: unlike a
     * double sum it does not depend on the order the window lists users in, so anyone re-adding
     * the recorded weights gets the same total, and the same amounts.
     */
    public static BigDecimal totalWeight(PayoutWindow window) {
        BigDecimal total = BigDecimal.ZERO;
        for (PayoutWindow.Entry e : window.entries()) {
            if (e.weight() > 0) {
                total = total.add(new BigDecimal(e.weight()));
            }
        }
        return total;
    }

    /** floor(amount × weight / total), exact. */
    static long share(long amount, double weight, BigDecimal total) {
        if (total.signum() <= 0) {
            return 0;
        }
        return BigDecimal.valueOf(amount).multiply(new BigDecimal(weight)).divide(total, 0, RoundingMode.FLOOR)
                .longValueExact();
    }

    private static List<PayoutWindow.Entry> ordered(PayoutWindow window, long distributable, BigDecimal total) {
        return window.entries().stream().filter(e -> e.weight() > 0)
                .sorted(Comparator.comparingLong((PayoutWindow.Entry e) -> share(distributable, e.weight(), total))
                        .reversed().thenComparing(PayoutWindow.Entry::user))
                .toList();
    }
}
