package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.testing.RepoFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A fresh pool, before any miner: every metric the shipped alert rules read is already exported
 * (an alert on a missing series never fires), and every labelled counter's known reasons are there
 * at zero, so the dashboard's per-reason panels have data from the first scrape; the payout
 * series are there at 0 too (the pool has a database, wallet payouts are off).
 */
class AlertMetricsIT {
    private static final Pattern METRIC = Pattern.compile("\\b((?:stratum|pool|ledger|node)_[a-z_]+)");

    @Test
    void everyMetricTheAlertsReadIsExportedByAFreshPool() throws Exception {
        try (PoolFixture f = new PoolFixture("0.01")) {
            String scrape = f.pool.metrics().scrape();
            Set<String> missing = new TreeSet<>();
            Matcher m = METRIC.matcher(Files.readString(RepoFiles.path("docker/prometheus/alerts.yml")));
            while (m.find()) {
                String name = m.group(1);
                if (!name.startsWith("node_")) { // node_up: only a pool mining on a node has one
                    if (!scrape.contains("\n" + name + "{") && !scrape.contains("\n" + name + " ")) {
                        missing.add(name);
                    }
                }
            }
            assertTrue(missing.isEmpty(), () -> "alerts read metrics a fresh pool does not export: " + missing);
        }
    }

    @Test
    void everyKnownReasonIsRegisteredAtZero() throws Exception {
        try (PoolFixture f = new PoolFixture("0.01")) {
            String scrape = f.pool.metrics().scrape();
            List<String> missing = new ArrayList<>();
            for (String series : List.of("stratum_shares_total{firmware=\"other\",firmware_major=\"unknown\",protocol=\"v1\",reason=\"duplicate\",result=\"rejected\"} 0",
                    "stratum_shares_total{firmware=\"other\",firmware_major=\"unknown\",protocol=\"v1\",reason=\"stale\",result=\"rejected\"} 0",
                    "stratum_shares_total{firmware=\"other\",firmware_major=\"unknown\",protocol=\"v1\",reason=\"low_difficulty\",result=\"rejected\"} 0",
                    "stratum_connections_refused_total{reason=\"max_connections\"} 0",
                    "stratum_connections_refused_total{reason=\"proxy_untrusted\"} 0",
                    "stratum_protocol_errors_total{reason=\"invalid_json\"} 0",
                    "stratum_protocol_errors_total{reason=\"idle\"} 0",
                    "pool_payout_wallet_errors_total{reason=\"broadcast_refused\"} 0",
                    "pool_payout_wallet_errors_total{reason=\"insufficient_funds\"} 0",
                    "pool_payout_unpaid_satoshis 0",
                    "pool_payout_wallet_active 0",
                    "pool_payout_unconfirmed_batch_age_seconds 0")) {
                if (!scrape.contains(series)) {
                    missing.add(series);
                }
            }
            assertTrue(missing.isEmpty(), () -> "not at zero on a fresh pool: " + missing + "\n" + scrape);
        }
    }
}
