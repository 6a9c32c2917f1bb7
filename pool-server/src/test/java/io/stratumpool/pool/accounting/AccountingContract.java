package io.stratumpool.pool.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.ledger.ShareRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Payouts against hand-computed examples, and retention and the hashrate rebuild; run on each store.
 * Amounts are satoshis.
 */
@Timeout(60)
abstract class AccountingContract extends AccountingSuite {

    /**
     * PPLNS, factor 2 at network difficulty 1000: N = 2000. Reward 6.25 BTC, fee 2 %:
     * fee 12,500,000, distributable 612,500,000. Counting back from the block's share:
     * bob 500, alice 800, carol 400, then alice's 600 crosses the boundary and counts 300
     * (2000 − 1700); dave's older 1000 is outside; eve's share came after the block.
     * alice 1100/2000 → 336,875,000; bob 500/2000 → 153,125,000; carol 400/2000 → 122,500,000.
     */
    @Test
    void pplnsPaysTheWindowWithFeeAndAPartialBoundaryShareOnlyAtConfirmation() throws Exception {
        BlockRecord b = block(1, "bob", 1000, 625_000_000L, T0.plusSeconds(50));
        store(share("dave", 1000, 1000, b.height(), T0), share("alice", 600, 1000, b.height(), T0.plusSeconds(10)),
                share("carol", 400, 1000, b.height(), T0.plusSeconds(20)),
                share("alice", 800, 1000, b.height(), T0.plusSeconds(30)), blockShare(b, 500, T0.plusSeconds(50)),
                share("eve", 700, 1000, b.height(), T0.plusSeconds(60)));
        Accounting accounting = new Accounting(db, new PplnsScheme(2, 0.02), clock);
        blocks.found(b);
        for (BlockStatus notYet : List.of(BlockStatus.FOUND, BlockStatus.SUBMITTED, BlockStatus.ACCEPTED)) {
            blocks.updateStatus(b.hash(), notYet, null, 99);
            assertEquals(0, accounting.creditConfirmedBlocks(), "credited before maturity at " + notYet);
        }
        assertBalances(Map.of());
        blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        assertEquals(1, accounting.creditConfirmedBlocks());
        assertBalances(Map.of("alice", 336_875_000L, "bob", 153_125_000L, "carol", 122_500_000L));
        assertEquals(0, accounting.creditConfirmedBlocks(), "a block is credited once");
        assertFalse(accounting.creditBlock(b.hash()));
        assertBalances(Map.of("alice", 336_875_000L, "bob", 153_125_000L, "carol", 122_500_000L));
    }

    /**
     * A window (10) larger than all shares (3) splits over what there is: alice 1, bob 2 of a
     * 10-satoshi reward → floor(10/3) = 3 and floor(20/3) = 6; the pool keeps 1 satoshi of dust.
     */
    @Test
    void pplnsRoundsDownAndKeepsTheDust() throws Exception {
        BlockRecord b = block(2, "bob", 10, 10L, T0.plusSeconds(2));
        store(share("alice", 1, 10, b.height(), T0), blockShare(b, 2, T0.plusSeconds(2)));
        Accounting accounting = new Accounting(db, new PplnsScheme(1, 0), clock);
        blocks.found(b);
        blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        accounting.creditConfirmedBlocks();
        assertBalances(Map.of("alice", 3L, "bob", 6L));
    }

    @Test
    void orphanedAndRejectedBlocksCreditNothing() throws Exception {
        BlockRecord orphan = block(3, "bob", 1000, 625_000_000L, T0);
        BlockRecord rejected = block(4, "bob", 1000, 625_000_000L, T0.plusSeconds(1));
        store(blockShare(orphan, 1000, T0), blockShare(rejected, 1000, T0.plusSeconds(1)));
        Accounting accounting = new Accounting(db, new PplnsScheme(2, 0.02), clock);
        blocks.found(orphan);
        blocks.found(rejected);
        blocks.updateStatus(orphan.hash(), BlockStatus.ORPHANED, null, 0);
        blocks.updateStatus(rejected.hash(), BlockStatus.REJECTED, "bad-prevblk", 0);
        assertEquals(0, accounting.creditConfirmedBlocks());
        assertFalse(accounting.creditBlock(orphan.hash()));
        assertBalances(Map.of());
    }

    /**
     * PPS at height 840,000 (subsidy 312,500,000), fee 2 %, share 1,000,000 of network 1e12:
     * 1e-6 × 312,500,000 × 0.98 = 306.25 per share. Three shares: 918.75 → 918 credited, 0.75
     * carried; a fourth: 306.25 + 0.75 = 307 → 1225 in all, nothing carried.
     */
    @Test
    void ppsCreditsEachShareAtItsExpectedValueCarryingFractions() throws Exception {
        Accounting accounting = new Accounting(db, new PpsScheme(0.02), clock);
        ShareRecord s = share("alice", 1e6, 1e12, 840_000, T0);
        store(s, share("alice", 1e6, 1e12, 840_000, T0), share("alice", 1e6, 1e12, 840_000, T0));
        assertEquals(3, accounting.settlePps());
        assertEquals(918, balance("alice"));
        assertEquals(0, accounting.settlePps());
        store(share("alice", 1e6, 1e12, 840_000, T0));
        assertEquals(1, accounting.settlePps());
        assertEquals(1225, balance("alice"));
        BlockRecord b = block(5, "alice", 1e12, 312_500_000L, T0);
        blocks.found(b);
        blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        accounting.creditConfirmedBlocks();
        assertEquals(1225, balance("alice"), "under PPS the pool keeps block rewards");
    }

    /** SOLO, fee 1 %: the coinbase paid the finder 312,500,000 − 3,125,000 = 309,375,000 directly. */
    @Test
    void soloRecordsTheFindersCoinbasePaymentAtConfirmation() throws Exception {
        BlockRecord b = block(6, "bc1qfinder", 1e12, 312_500_000L, T0);
        store(blockShare(b, 1e6, T0));
        SoloScheme solo = new SoloScheme(0.01, user -> user.startsWith("bc1q"));
        assertTrue(solo.acceptsUser("bc1qfinder"));
        assertFalse(solo.acceptsUser("alice"));
        Accounting accounting = new Accounting(db, solo, clock);
        blocks.found(b);
        blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        assertEquals(1, accounting.creditConfirmedBlocks());
        assertEquals(0, balance("bc1qfinder"));
        assertEquals(309_375_000L, paid("bc1qfinder"));
        var payment = queries.payments(null, 10).get(0);
        assertEquals("coinbase", payment.kind());
        assertEquals(309_375_000L, payment.amount());
    }

    /**
     * Coinbase payouts: the found block's coinbase paid alice and bob; carol's dust and dave's
     * output beyond the budget stayed in the pool output. At confirmation the block is credited
     * from that split, not split again: alice and bob are recorded as paid in the coinbase, carol
     * and dave get balances, and a second credit or a second copy of the split changes nothing.
     */
    @Test
    void aCoinbaseSplitBlockRecordsWhatItsCoinbasePaidAndCarriesTheRestToBalances() throws Exception {
        BlockRecord b = block(8, "alice", 1000, 312_500_000L, T0);
        store(share("alice", 2000, 1000, b.height(), T0), blockShare(b, 1, T0));
        Accounting accounting = new Accounting(db, new PplnsScheme(2, 0.01), clock, true);
        var plan = new io.stratumpool.pool.job.CoinbasePlan(List.of(), List.of(
                new io.stratumpool.pool.job.CoinbasePlan.Allocation("alice", "bcrt1qalice", 3, 200_000_000L,
                        io.stratumpool.pool.job.CoinbasePlan.Fate.PAID),
                new io.stratumpool.pool.job.CoinbasePlan.Allocation("bob", "bcrt1qbob", 1, 100_000_000L,
                        io.stratumpool.pool.job.CoinbasePlan.Fate.PAID),
                new io.stratumpool.pool.job.CoinbasePlan.Allocation("dave", "bcrt1qdave", 0.1, 9_000_000L,
                        io.stratumpool.pool.job.CoinbasePlan.Fate.OVER_BUDGET),
                new io.stratumpool.pool.job.CoinbasePlan.Allocation("carol", "bcrt1qcarol", 0.0001, 500L,
                        io.stratumpool.pool.job.CoinbasePlan.Fate.DUST)));
        blocks.found(b);
        accounting.recordCoinbaseSplit(b.hash(), plan);
        accounting.recordCoinbaseSplit(b.hash(), plan);
        assertEquals(0, accounting.creditConfirmedBlocks(), "nothing before confirmation");
        blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        assertEquals(1, accounting.creditConfirmedBlocks());
        assertEquals(0, accounting.creditConfirmedBlocks());
        assertEquals(200_000_000L, paid("alice"));
        assertEquals(100_000_000L, paid("bob"));
        assertBalances(Map.of("alice", 0L, "bob", 0L, "dave", 9_000_000L, "carol", 500L));
        var payments = queries.payments(null, 10);
        assertEquals(2, payments.size(), payments::toString);
        assertTrue(payments.stream().allMatch(p -> p.kind().equals("coinbase") && p.status().equals("paid")), payments::toString);
    }

    /**
     * With coinbase payouts on, a confirmed block whose split was never recorded is not credited
     * (its coinbase may have paid the window already; splitting it again as balances would pay
     * twice). A recorded empty split (the window was empty, the pool output took everything) is
     * credited as PPLNS balances: reward 1,000,000, fee 1 %, alice the whole window.
     */
    @Test
    void withCoinbasePayoutsABlockWithoutARecordedSplitIsNeverSplitAgain() throws Exception {
        BlockRecord b = block(9, "alice", 1000, 1_000_000L, T0);
        store(share("alice", 2000, 1000, b.height(), T0), blockShare(b, 1, T0));
        Accounting accounting = new Accounting(db, new PplnsScheme(2, 0.01), clock, true);
        blocks.found(b);
        blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        assertEquals(0, accounting.creditConfirmedBlocks());
        assertEquals(0, accounting.creditConfirmedBlocks(), "still not, on the next pass");
        assertBalances(Map.of());
        accounting.recordCoinbaseSplit(b.hash(), io.stratumpool.pool.job.CoinbasePlan.of(List.of()));
        assertEquals(1, accounting.creditConfirmedBlocks());
        assertBalances(Map.of("alice", 990_000L));
    }

    @Test
    void recordsAPayoutBatchForBalancesAtTheMinimum() throws Exception {
        BlockRecord b = block(7, "bob", 1000, 1_000_000L, T0.plusSeconds(1));
        store(share("alice", 900, 1000, b.height(), T0), blockShare(b, 100, T0.plusSeconds(1)));
        Accounting accounting = new Accounting(db, new PplnsScheme(1, 0), clock);
        blocks.found(b);
        blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        accounting.creditConfirmedBlocks();
        long batch = accounting.recordPayouts(500_000).orElseThrow();
        assertEquals(0, balance("alice"));
        assertEquals(900_000, paid("alice"));
        assertEquals(100_000, balance("bob"), "below the minimum, bob waits");
        var payments = queries.payments("alice", 10);
        assertEquals(List.of(new AccountQueries.Payment(batch, T0, "wallet", "recorded", "alice", 900_000)), payments);
        assertTrue(accounting.recordPayouts(500_000).isEmpty());
    }

    @Test
    void prunesOnlySharesNoPayoutCanReadAndKeepsHourlyAggregates() throws Exception {
        // Network difficulty 1000, factor 1: the next block's window is the newest 1000 of difficulty.
        BlockRecord pending = block(8, "bob", 1000, 1_000_000L, T0.plusSeconds(3600));
        store(share("old", 600, 1000, 1, T0), share("old", 600, 1000, 1, T0.plusSeconds(60)),
                share("win", 400, 1000, 1, T0.plusSeconds(3000)), blockShare(pending, 500, T0.plusSeconds(3600)),
                share("new", 1000, 1000, 1, T0.plusSeconds(7200)));
        Accounting accounting = new Accounting(db, new PplnsScheme(1, 0), clock);
        blocks.found(pending);
        clock.set(T0.plus(Duration.ofDays(30)));
        Retention retention = new Retention(db, accounting, Duration.ofDays(7), clock);
        // The pending block's window: its share 500, then 400 of "win", then 100 of the second "old".
        assertEquals(1, retention.prune(), "only the oldest share is outside every window");
        blocks.updateStatus(pending.hash(), BlockStatus.CONFIRMED, null, 100);
        accounting.creditConfirmedBlocks();
        assertBalances(Map.of("bob", 500_000L, "win", 400_000L, "old", 100_000L));
        assertEquals(3, retention.prune(), "after crediting only the next block's window stays");
        assertEquals(1, io.stratumpool.pool.ledger.Shares.totalRows(db));
        long hourlyOld = db.query(c -> {
            var rs = c.createStatement().executeQuery(
                    "SELECT SUM(shares) FROM share_hourly WHERE user_name = 'old'");
            rs.next();
            return rs.getLong(1);
        });
        assertEquals(2, hourlyOld);
        assertTrue(queries.isKnown("old"), "pruned users stay known through their aggregates");
    }

    @Test
    void rebuildsHashrateFromTheLedgerAsItWasLive() throws Exception {
        HashrateTracker live = new HashrateTracker(clock);
        ShareRecord[] shares = new ShareRecord[40];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = share(i % 2 == 0 ? "alice" : "bob", 1000 * (i % 3 + 1), 1e6, 1, T0.plusSeconds(i * 60L));
            live.record(shares[i]);
        }
        store(shares);
        clock.set(T0.plusSeconds(2400));
        HashrateTracker rebuilt = new HashrateTracker(clock);
        assertEquals(40, rebuilt.rebuild(db));
        assertEquals(live.pool(), rebuilt.pool());
        assertEquals(live.workers("bob"), rebuilt.workers("bob"));
    }

    @Test
    void hourlySeriesAddsPrunedAggregatesToRawSharesHourByHour() throws Exception {
        store(share("alice", 100, 1e6, 1, T0.plusSeconds(10)), share("alice", 50, 1e6, 1, T0.plusSeconds(3599)),
                share("bob", 7, 1e6, 1, T0.plusSeconds(3600)), share("alice", 1, 1e6, 1, T0.minusSeconds(1)));
        db.query(c -> c.createStatement().executeUpdate("INSERT INTO share_hourly (hour_ms, user_name, worker, shares, difficulty)"
                + " VALUES (" + T0.toEpochMilli() + ", 'alice', 'rig', 3, 30.0)"));
        List<AccountQueries.Hourly> alice = queries.hourly("alice", T0.plusSeconds(1800));
        assertEquals(List.of(new AccountQueries.Hourly(T0, 5, 180.0)), alice, "from the start of the hour asked for");
        List<AccountQueries.Hourly> pool = queries.hourly(null, T0);
        assertEquals(List.of(new AccountQueries.Hourly(T0, 5, 180.0), new AccountQueries.Hourly(T0.plusSeconds(3600), 1, 7.0)), pool);
    }
}
