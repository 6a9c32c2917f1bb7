package io.stratumpool.pool.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.job.CoinbasePlan.Allocation;
import io.stratumpool.pool.job.CoinbasePlan.Fate;
import io.stratumpool.validator.Coinbase;
import io.stratumpool.validator.CoinbaseBuilder;
import io.stratumpool.validator.CoinbaseOutput;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.address.Address;
import io.stratumpool.validator.address.Network;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The coinbase split against amounts worked out by hand, and against its invariants over many
 * random windows: outputs sum exactly to the coinbase value, each paid amount is
 * floor(distributable × weight / total), the pool takes the rest, and the built coinbase stays
 * within its byte budget. Addresses are Bitcoin Core's and BIP173/BIP350's regtest vectors.
 */
class CoinbaseSplitTest {
    private static final Network NET = Network.REGTEST;
    private static final Address P2WPKH = Address.parse("bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9", NET);
    private static final Address P2WSH = Address.parse(
            "bcrt1qan8gntac7z7me2ejt4hpru42ad2f759fmy0m3ejvs98656znv7eqga4uhv", NET);
    private static final Address P2TR = Address.parse(
            "bcrt1pfwxjqvtt4tcxrtdluukfmy2dv7xd2qzdfy6kajv5nwn4yam3wxkq3553uh", NET);
    private static final Address P2PKH = Address.parse("n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ", NET);
    private static final Address P2SH = Address.parse("2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA", NET);
    private static final List<Address> ALL = List.of(P2WPKH, P2WSH, P2TR, P2PKH, P2SH);
    private static final byte[] POOL = Address.parse("bcrt1qsejuyfhzq8uqqs8sc096n96d4hz55zl6mhv6lw", NET).outputScript();
    private static final byte[] COMMITMENT = Hex.decode("6a24aa21a9ed" + "5c".repeat(32));
    /** 3.125 BTC subsidy plus 12,345 sat of fees. */
    private static final long VALUE = 312_512_345L;

    private static PayoutWindow window(Object... userAddressWeight) {
        List<PayoutWindow.Entry> entries = new ArrayList<>();
        for (int i = 0; i < userAddressWeight.length; i += 3) {
            entries.add(new PayoutWindow.Entry((String) userAddressWeight[i], (Address) userAddressWeight[i + 1],
                    ((Number) userAddressWeight[i + 2]).doubleValue()));
        }
        return new PayoutWindow(entries);
    }

    private static CoinbaseBuilder builder(long value) {
        return new CoinbaseBuilder().height(900_000).coinbaseValue(value).poolTag("/stratumpool/").extranonceSizes(4, 8)
                .witnessCommitmentScript(COMMITMENT);
    }

    /**
     * Fee 2 %: floor(312,512,345 × 0.02) = 6,250,246; distributable 306,262,099. Weights 3:2:1 of 6:
     * carol 153,131,049 (.5 dropped), alice 102,087,366 (.33), bob 51,043,683 (.16). Paid 306,262,098;
     * the pool gets 312,512,345 − 306,262,098 = 6,250,247: the fee and the one satoshi of rounding.
     */
    @Test
    void splitsTheRewardLessTheFeeExactlyRoundingDownAndGivesThePoolTheRest() {
        CoinbaseSplit split = new CoinbaseSplit(0.02, POOL, 546, 10);
        CoinbasePlan plan = split.plan(VALUE, window("alice", P2PKH, 2.0, "bob", P2TR, 1.0, "carol", P2WPKH, 3.0),
                builder(VALUE).sizeWithoutPayouts(), 900);
        assertEquals(List.of(new Allocation("carol", P2WPKH.toString(), 3.0, 153_131_049L, Fate.PAID),
                new Allocation("alice", P2PKH.toString(), 2.0, 102_087_366L, Fate.PAID),
                new Allocation("bob", P2TR.toString(), 1.0, 51_043_683L, Fate.PAID)), plan.allocations());
        assertOutputs(plan, new long[] {153_131_049L, 102_087_366L, 51_043_683L, 6_250_247L},
                List.of(P2WPKH.outputScript(), P2PKH.outputScript(), P2TR.outputScript(), POOL));
        assertEquals(VALUE, plan.outputs().stream().mapToLong(CoinbaseOutput::value).sum());
    }

    @Test
    void theSameWindowInAnyOrderGivesTheSamePlanTiesByUserName() {
        CoinbaseSplit split = new CoinbaseSplit(0.01, POOL, 546, 10);
        List<PayoutWindow.Entry> entries = new ArrayList<>(window("dave", P2SH, 5, "bob", P2WSH, 5, "alice", P2TR, 5,
                "carol", P2WPKH, 7).entries());
        CoinbasePlan first = split.plan(VALUE, new PayoutWindow(entries), 150, 900);
        assertEquals(List.of("carol", "alice", "bob", "dave"), first.allocations().stream().map(Allocation::user).toList());
        Random random = new Random(13);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(entries, random);
            CoinbasePlan again = split.plan(VALUE, new PayoutWindow(entries), 150, 900);
            assertEquals(first.allocations(), again.allocations());
            for (int o = 0; o < first.outputs().size(); o++) {
                assertEquals(first.outputs().get(o).value(), again.outputs().get(o).value());
                assertArrayEquals(first.outputs().get(o).script(), again.outputs().get(o).script());
            }
        }
    }

    /**
     * Regtest weights (multiples of its share difficulty, 4.66e-10) do not add up exactly as doubles:
     * added one by one, these five sum to different doubles forwards and backwards, and with a
     * double total (even a compensated stream sum) some orders below give a user one satoshi more or
     * less. The split adds them exactly, so any order of the same window gives the same amounts.
     */
    @Test
    void amountsDoNotDependOnTheOrderWeightsAreAddedIn() {
        double share = 4.656542373906925E-10;
        List<PayoutWindow.Entry> entries = new ArrayList<>();
        int[] shares = {36, 21, 17, 25, 11};
        for (int i = 0; i < shares.length; i++) {
            entries.add(new PayoutWindow.Entry("u" + i, ALL.get(i), shares[i] * share));
        }
        double forwards = 0;
        double backwards = 0;
        for (int i = 0; i < shares.length; i++) {
            forwards += entries.get(i).weight();
            backwards += entries.get(shares.length - 1 - i).weight();
        }
        assertTrue(forwards != backwards, "the example must be one where double sums differ");
        CoinbaseSplit split = new CoinbaseSplit(0.01, POOL, 546, 250);
        List<Allocation> first = split.plan(1_250_000_000L, new PayoutWindow(entries), 150, 900).allocations();
        Collections.reverse(entries);
        assertEquals(first, split.plan(1_250_000_000L, new PayoutWindow(entries), 150, 900).allocations());
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(entries, random);
            assertEquals(first, split.plan(1_250_000_000L, new PayoutWindow(entries), 150, 900).allocations());
        }
    }

    /**
     * No fee, 10,000 sat: weights 9,990 : 9 : 1 give 9,990 / 9 / 1 sat. With dust 546 only alice is
     * paid; bob's 9 and carol's 1 are carried (to balances) and the pool output holds them: 10 sat.
     */
    @Test
    void amountsBelowTheDustThresholdAreCarriedAndThePoolOutputHoldsThem() {
        CoinbasePlan plan = new CoinbaseSplit(0, POOL, 546, 10).plan(10_000, window("alice", P2WPKH, 9990, "bob", P2TR, 9,
                "carol", P2SH, 1), 150, 900);
        assertEquals(List.of(Fate.PAID, Fate.DUST, Fate.DUST), plan.allocations().stream().map(Allocation::fate).toList());
        assertEquals(List.of(9990L, 9L, 1L), plan.allocations().stream().map(Allocation::amount).toList());
        assertOutputs(plan, new long[] {9990, 10}, List.of(P2WPKH.outputScript(), POOL));
    }

    @Test
    void aUserWithoutAnAddressIsCountedButCarried() {
        CoinbasePlan plan = new CoinbaseSplit(0, POOL, 546, 10).plan(1_000_000, window("alice", P2WPKH, 1, "bob", null, 1),
                150, 900);
        assertEquals(new Allocation("bob", null, 1.0, 500_000, Fate.NO_ADDRESS), plan.allocations().get(1));
        assertOutputs(plan, new long[] {500_000, 500_000}, List.of(P2WPKH.outputScript(), POOL));
    }

    @Test
    void anEmptyWindowPaysThePoolEverything() {
        CoinbasePlan plan = new CoinbaseSplit(0.01, POOL, 546, 10).plan(VALUE, PayoutWindow.EMPTY, 150, 900);
        assertOutputs(plan, new long[] {VALUE}, List.of(POOL));
        assertEquals(List.of(), plan.allocations());
    }

    /**
     * Twenty users, each a P2TR output of 43 bytes. The coinbase without payouts here is
     * {@code fixed} bytes and the pool's P2WPKH output 31: a 500-byte budget (NiceHash) leaves
     * 500 − fixed − 31 bytes, room for floor(that / 43) outputs; the rest are carried. The built
     * coinbase fits and one more output would not.
     */
    @Test
    void outputsBeyondThePortsByteBudgetAreCarriedAndTheCoinbaseFits() {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.addAll(List.of("user" + (char) ('a' + i), P2TR, 100 - i));
        }
        int fixed = builder(VALUE).sizeWithoutPayouts();
        CoinbaseSplit split = new CoinbaseSplit(0.01, POOL, 546, 250);
        for (int budget : new int[] {500, 730}) {
            CoinbasePlan plan = split.plan(VALUE, window(entries.toArray()), fixed, budget);
            int fitting = (budget - fixed - 31) / 43;
            assertEquals(fitting, plan.outputs().size() - 1, "user outputs within " + budget + " bytes");
            assertTrue(plan.allocations().subList(fitting, 20).stream().allMatch(a -> a.fate() == Fate.OVER_BUDGET));
            Coinbase built = builder(VALUE).payouts(plan.outputs()).build();
            assertTrue(built.length() <= budget, built.length() + " bytes within " + budget);
            assertTrue(built.length() + 43 > budget, "one more output would not fit");
        }
    }

    @Test
    void noMoreUserOutputsThanConfigured() {
        CoinbasePlan plan = new CoinbaseSplit(0.01, POOL, 546, 2).plan(VALUE, window("a", P2WPKH, 4, "b", P2WPKH, 3,
                "c", P2WPKH, 2, "d", P2WPKH, 1), 150, 900);
        assertEquals(List.of(Fate.PAID, Fate.PAID, Fate.OVER_BUDGET, Fate.OVER_BUDGET),
                plan.allocations().stream().map(Allocation::fate).toList());
        assertEquals(3, plan.outputs().size());
    }

    /** Many random windows, fees, budgets and coinbase values: every invariant of the split holds. */
    @Test
    void randomWindowsAlwaysSumToTheValueExactlyAndFitTheBudget() {
        Random random = new Random(2026);
        for (int round = 0; round < 300; round++) {
            long value = 1 + (long) (random.nextDouble() * 5_000_000_000L) + random.nextInt(100_000_000);
            double fee = random.nextInt(500) / 10_000.0;
            int budget = 250 + random.nextInt(651);
            int maxOutputs = 1 + random.nextInt(40);
            List<Object> entries = new ArrayList<>();
            int users = random.nextInt(60);
            for (int i = 0; i < users; i++) {
                double weight = random.nextBoolean() ? random.nextDouble() * 1e-6 : random.nextDouble() * 1e9;
                entries.addAll(java.util.Arrays.asList("u" + i,
                        random.nextInt(20) == 0 ? null : ALL.get(random.nextInt(ALL.size())), weight));
            }
            PayoutWindow window = window(entries.toArray());
            CoinbaseBuilder b = builder(value);
            CoinbasePlan plan = new CoinbaseSplit(fee, POOL, 546, maxOutputs).plan(value, window, b.sizeWithoutPayouts(), budget);
            String where = "round " + round;
            assertEquals(value, plan.outputs().stream().mapToLong(CoinbaseOutput::value).sum(), where);
            long feeSat = BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(fee)).setScale(0, RoundingMode.FLOOR).longValue();
            BigDecimal total = window.entries().stream().map(e -> new BigDecimal(e.weight()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            long assigned = 0;
            for (Allocation a : plan.allocations()) {
                long expected = BigDecimal.valueOf(value - feeSat).multiply(new BigDecimal(a.weight()))
                        .divide(total, 0, RoundingMode.FLOOR).longValue();
                assertEquals(expected, a.amount(), where + " " + a);
                assertTrue(a.fate() != Fate.PAID || a.amount() >= 546, where);
                assigned += a.amount();
            }
            assertTrue(assigned <= value - feeSat, where);
            long pool = plan.outputs().stream().filter(o -> java.util.Arrays.equals(POOL, o.script()))
                    .mapToLong(CoinbaseOutput::value).sum();
            assertEquals(value - plan.paidToUsers(), pool, where + ": the pool output takes everything not paid");
            assertTrue(plan.outputs().size() - (pool > 0 ? 1 : 0) <= maxOutputs, where);
            assertTrue(b.payouts(plan.outputs()).build().length() <= budget, where);
        }
    }

    private static void assertOutputs(CoinbasePlan plan, long[] values, List<byte[]> scripts) {
        assertEquals(values.length, plan.outputs().size(), () -> "outputs: " + plan.outputs().size());
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], plan.outputs().get(i).value(), "output " + i);
            assertArrayEquals(scripts.get(i), plan.outputs().get(i).script(), "script of output " + i);
        }
    }
}
