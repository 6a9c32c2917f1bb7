package io.stratumpool.pool.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.accounting.HashrateWindow;
import io.stratumpool.pool.block.BlockStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exported series, read back from the Prometheus text exposition as Prometheus would. */
class PoolMetricsTest {
    private final PoolMetrics metrics = new PoolMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    /** The value of one series, e.g. {@code pool_blocks{status="accepted"}}; fails when absent. */
    private double sample(String series) {
        String scrape = metrics.scrape();
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not exported:\n" + scrape));
    }

    @Test
    void exportsTheUnpaidTotalAndWalletRefusalsByReasonFromZero() {
        var reading = new java.util.concurrent.atomic.AtomicReference<>(new PoolMetrics.PayoutReadings(1_500_000, true, 0));
        metrics.walletPayouts(reading::get);
        assertEquals(1_500_000, sample("pool_payout_unpaid_satoshis"));
        assertEquals(1, sample("pool_payout_wallet_active"));
        assertEquals(0, sample("pool_payout_unconfirmed_batch_age_seconds"));
        assertEquals(0, sample("pool_payout_wallet_errors_total{reason=\"insufficient_funds\"}"), "at zero before any refusal");
        assertEquals(0, sample("pool_payout_wallet_errors_total{reason=\"fee_estimation\"}"));
        assertEquals(0, sample("pool_payout_wallet_errors_total{reason=\"broadcast_refused\"}"));
        metrics.walletRefused("insufficient_funds");
        metrics.walletRefused("insufficient_funds");
        metrics.walletRefused("broadcast_refused");
        reading.set(new PoolMetrics.PayoutReadings(0, false, 7200));
        assertEquals(2, sample("pool_payout_wallet_errors_total{reason=\"insufficient_funds\"}"));
        assertEquals(1, sample("pool_payout_wallet_errors_total{reason=\"broadcast_refused\"}"));
        assertEquals(0, sample("pool_payout_wallet_errors_total{reason=\"unreachable\"}"));
        assertEquals(0, sample("pool_payout_unpaid_satoshis"));
        assertEquals(0, sample("pool_payout_wallet_active"), "paused");
        assertEquals(7200, sample("pool_payout_unconfirmed_batch_age_seconds"));
    }

    @Test
    void exportsTheClusterPublisherIncludingSharesRefusedByAFullSpool() {
        var reading = new java.util.concurrent.atomic.AtomicReference<>(new ClusterReadings(10, 0, 0, 0, 0, 0, 0, false, 0, 0, 0));
        metrics.cluster(reading::get);
        assertEquals(10, sample("cluster_shares_acknowledged_total"));
        assertEquals(0, sample("cluster_spooling"));
        reading.set(new ClusterReadings(10, 40, 5, 2, 1, 7, 4096, true, 35, 3, 1));
        assertEquals(40, sample("cluster_shares_spooled_total"));
        assertEquals(5, sample("cluster_shares_drained_total"));
        assertEquals(2, sample("cluster_shares_failed_total"));
        assertEquals(1, sample("cluster_publisher_queue_full_shares_total"));
        assertEquals(7, sample("cluster_spool_full_shares_total"));
        assertEquals(4096, sample("cluster_spool_bytes"));
        assertEquals(1, sample("cluster_spooling"));
        assertEquals(35, sample("cluster_spool_records"));
        assertEquals(3, sample("cluster_blocks_published_total"));
        assertEquals(1, sample("cluster_block_publish_failures_total"));
    }

    @Test
    void exportsTheAccountingConsumerWithItsLagPerTopic() {
        var reading = new java.util.concurrent.atomic.AtomicReference<>(new ConsumerReadings(0, 0, 0, 0, 0, 0, Map.of()));
        metrics.clusterConsumer(List.of("shares", "blocks"), reading::get);
        assertEquals(0, sample("cluster_consumer_lag_records{topic=\"shares\"}"), "zero before the first poll");
        reading.set(new ConsumerReadings(120, 100, 4, 9, 2, 1, Map.of("shares", 250L, "blocks", 3L)));
        assertEquals(250, sample("cluster_consumer_lag_records{topic=\"shares\"}"));
        assertEquals(3, sample("cluster_consumer_lag_records{topic=\"blocks\"}"));
        assertEquals(120, sample("cluster_consumed_share_events_total"));
        assertEquals(100, sample("cluster_consumed_new_shares_total"));
        assertEquals(4, sample("cluster_consumed_block_events_total"));
        assertEquals(9, sample("cluster_consumer_transactions_total"));
        assertEquals(2, sample("cluster_consumer_failed_attempts_total"));
        assertEquals(1, sample("cluster_consumer_undecodable_total"));
    }

    @Test
    void exportsEveryBlockStatusWithZeroesAndQueriesTheRepositoryOncePerScrape() {
        AtomicInteger reads = new AtomicInteger();
        metrics.blocksByStatus(BlockStatus.labels(), () -> {
            reads.incrementAndGet();
            return BlockStatus.byLabel(Map.of(BlockStatus.ACCEPTED, 3L, BlockStatus.ORPHANED, 1L));
        });
        assertEquals(3, sample("pool_blocks{status=\"accepted\"}"));
        assertEquals(1, reads.get(), "six series, one repository read");
        assertEquals(1, sample("pool_blocks{status=\"orphaned\"}"));
        for (String zero : List.of("found", "submitted", "rejected", "confirmed")) {
            assertEquals(0, sample("pool_blocks{status=\"" + zero + "\"}"), zero);
        }
    }

    @Test
    void countsSharesAndMinersPerFirmwareAndAcceptedDifficultyAcrossThem() {
        FirmwareLabels bitaxe = new FirmwareLabels("bitaxe", "2");
        FirmwareLabels whatsminer = new FirmwareLabels("whatsminer", "1");
        metrics.share("accepted", "none", bitaxe, 2.0);
        metrics.share("accepted", "none", bitaxe, 3.0);
        metrics.share("rejected", "stale", whatsminer, 0);
        metrics.minerJoined(bitaxe);
        metrics.minerJoined(bitaxe);
        metrics.minerJoined(whatsminer);
        metrics.minerLeft(bitaxe);
        assertEquals(2, sample("stratum_shares_total{firmware=\"bitaxe\",firmware_major=\"2\",protocol=\"v1\",reason=\"none\",result=\"accepted\"}"));
        assertEquals(1, sample("stratum_shares_total{firmware=\"whatsminer\",firmware_major=\"1\",protocol=\"v1\",reason=\"stale\",result=\"rejected\"}"));
        assertEquals(5.0, sample("stratum_accepted_difficulty_total"));
        assertEquals(1, sample("stratum_miners{firmware=\"bitaxe\",firmware_major=\"2\",protocol=\"v1\"}"));
        assertEquals(1, sample("stratum_miners{firmware=\"whatsminer\",firmware_major=\"1\",protocol=\"v1\"}"));
        assertEquals(2, sample("stratum_miners_connected_total{firmware=\"bitaxe\",firmware_major=\"2\",protocol=\"v1\"}"));
    }

    @Test
    void exportsPoolHashratePerWindowFromTheTrackersEstimates() {
        metrics.poolHashrate(HashrateWindow.labels(), () -> Map.of(HashrateWindow.M1.label(), 1.5e12,
                HashrateWindow.H1.label(), 1.2e12));
        assertEquals(1.5e12, sample("pool_hashrate_hashes_per_second{window=\"1m\"}"));
        assertEquals(1.2e12, sample("pool_hashrate_hashes_per_second{window=\"1h\"}"));
        assertTrue(Double.isNaN(sample("pool_hashrate_hashes_per_second{window=\"5m\"}")), "no estimate: NaN, not 0");
    }

    @Test
    void exportsLedgerQueueStateCountersAndCommitHistograms() {
        AtomicLong committed = new AtomicLong(40);
        metrics.ledger(() -> new LedgerReadings(17, false, committed.get(), 4, 2, 1, 0));
        metrics.ledgerCommitted(3_000_000, 7_000_000);
        assertEquals(17, sample("ledger_queue_depth"));
        assertEquals(0, sample("ledger_up"));
        assertEquals(40, sample("ledger_committed_shares_total"));
        committed.set(45);
        assertEquals(45, sample("ledger_committed_shares_total"));
        assertEquals(4, sample("ledger_transactions_total"));
        assertEquals(2, sample("ledger_failed_writes_total"));
        assertEquals(1, sample("ledger_timed_out_shares_total"));
        assertEquals(0, sample("ledger_commit_seconds_bucket{le=\"0.0025\"}"));
        assertEquals(1, sample("ledger_commit_seconds_bucket{le=\"0.005\"}"));
        assertEquals(1, sample("ledger_share_wait_seconds_bucket{le=\"0.01\"}"));
        assertEquals(1, sample("ledger_commit_seconds_bucket{le=\"+Inf\"}"));
    }

    @Test
    void nodeMetersAppearOnlyOnceANodeClientReports() {
        assertFalse(metrics.scrape().contains("node_"), "a sandbox pool exports no node series");
        metrics.nodeRpc("getblocktemplate", 40_000_000);
        metrics.nodeRpcError("submitblock", "timeout");
        metrics.nodeRpcError("submitblock", "timeout");
        metrics.nodeUp(true);
        assertEquals(1, sample("node_rpc_seconds_bucket{method=\"getblocktemplate\",le=\"0.05\"}"));
        assertEquals(0, sample("node_rpc_seconds_bucket{method=\"getblocktemplate\",le=\"0.025\"}"));
        assertEquals(2, sample("node_rpc_errors_total{kind=\"timeout\",method=\"submitblock\"}"));
        assertEquals(1, sample("node_up"));
        metrics.nodeUp(false);
        assertEquals(0, sample("node_up"));
    }

    @Test
    void templateSourceHealthAndFetchLatencyAreSourceNeutral() {
        AtomicInteger up = new AtomicInteger(1);
        metrics.templateSource("sandbox", () -> up.get() == 1);
        assertEquals(0, sample("pool_template_fetch_errors_total"), "exported before any failure");
        metrics.templateFetched(800_000);
        metrics.templateFetchFailed();
        assertEquals(1, sample("pool_template_source_up{kind=\"sandbox\"}"));
        up.set(0);
        assertEquals(0, sample("pool_template_source_up{kind=\"sandbox\"}"));
        assertEquals(1, sample("pool_template_fetch_seconds_bucket{le=\"0.001\"}"));
        assertEquals(1, sample("pool_template_fetch_errors_total"));
    }

    @Test
    void counterReadFromElsewhereKeepsItsTotalSuffix() {
        metrics.jobs(new JobReadings(() -> 4.5, () -> 2.0, () -> 812, () -> 3));
        assertEquals(3, sample("pool_jobs_rejected_total"));
        assertEquals(4.5, sample("stratum_job_age_seconds"));
        assertEquals(2.0, sample("pool_template_age_seconds"));
        assertEquals(812, sample("pool_block_height"));
    }

    @Test
    void bindsJvmAndProcessMetricsOnce() {
        metrics.bindJvmAndProcess();
        metrics.bindJvmAndProcess();
        assertTrue(sample("process_uptime_seconds") > 0);
        assertTrue(sample("jvm_threads_live_threads") > 0);
        assertTrue(sample("process_files_open_files") > 0);
        assertTrue(metrics.scrape().contains("jvm_memory_used_bytes{area=\"heap\""));
        assertTrue(metrics.scrape().contains("process_cpu_usage"));
        assertTrue(metrics.scrape().contains("jvm_gc_memory_allocated_bytes_total"));
    }
}
