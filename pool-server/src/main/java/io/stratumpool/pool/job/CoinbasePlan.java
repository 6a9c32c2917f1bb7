package io.stratumpool.pool.job;

import io.stratumpool.validator.CoinbaseOutput;
import java.util.List;

/**
 * What a job's coinbase pays: its payout outputs (summing exactly to the coinbase value) and, when
 * the coinbase splits the reward over the PPLNS window, who was counted and what became of each
 * one's amount: paid by an output of this coinbase, or carried to a balance (below the dust
 * threshold, beyond the output or byte budget, or no address to pay). The pool output holds the
 * fee, the rounding remainder and every carried amount.
 */
public record CoinbasePlan(List<CoinbaseOutput> outputs, List<Allocation> allocations) {

    /** Why an allocation was or was not paid in the coinbase. */
    public enum Fate {
        PAID, DUST, OVER_BUDGET, NO_ADDRESS;

        public boolean paidInCoinbase() {
            return this == PAID;
        }
    }

    /** One user's part of the reward; {@code address} null when the user has none. */
    public record Allocation(String user, String address, double weight, long amount, Fate fate) {
    }

    public CoinbasePlan {
        outputs = List.copyOf(outputs);
        allocations = List.copyOf(allocations);
    }

    /** A plan that pays fixed outputs and splits nothing (the pool's own script, solo). */
    public static CoinbasePlan of(List<CoinbaseOutput> outputs) {
        return new CoinbasePlan(outputs, List.of());
    }

    /** Satoshis the coinbase outputs pay to users (not the pool). */
    public long paidToUsers() {
        return allocations.stream().filter(a -> a.fate().paidInCoinbase()).mapToLong(Allocation::amount).sum();
    }
}
