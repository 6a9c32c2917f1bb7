package io.stratumpool.pool.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * Every meter the pool exports, registered in one place. Names follow Prometheus conventions;
 * there are no per-worker labels (per-worker figures live in the HTTP API); the firmware labels
 * take values from a fixed set ({@link FirmwareLabels}). It knows none of the
 * pool's own types: the packages that own the data hand it plain numbers, labels and suppliers.
 */
public final class PoolMetrics implements AutoCloseable {
    /** How long a database-backed reading (block counts, hashrate) is reused: one scrape reads it once. */
    private static final Duration SNAPSHOT_PERIOD = Duration.ofSeconds(1);
    /** Histogram bucket bounds of the latency timers, in microseconds: 100 µs to 10 s. */
    private static final Duration[] LATENCY_BUCKETS = LongStream.of(100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 10_000_000)
            .mapToObj(micros -> Duration.of(micros, ChronoUnit.MICROS)).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final Map<ShareKey, Counter> shareCounters = new ConcurrentHashMap<>();
    private final Map<FirmwareLabels, AtomicLong> minersByFirmware = new ConcurrentHashMap<>();
    private final Map<FirmwareLabels, Counter> minersConnected = new ConcurrentHashMap<>();
    private final Map<String, Counter> protocolErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusedConnections = new ConcurrentHashMap<>();
    private final Counter acceptedDifficulty;
    private final Counter connectionsOpened;
    private final Counter blocksFound;
    private final Timer notifyFanout;
    private final DistributionSummary notifyRecipients;
    private final Timer templateFetch;
    private final Counter templateFetchErrors;
    private final Map<String, Timer> nodeRpcTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> nodeRpcErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> walletRefusals = new ConcurrentHashMap<>();
    private final AtomicInteger nodeUp = new AtomicInteger(-1);
    /** State of function counters, which Micrometer holds only weakly. */
    private final List<Object> held = new CopyOnWriteArrayList<>();
    private volatile Timer ledgerCommit;
    private volatile Timer ledgerWait;
    private JvmGcMetrics gcMetrics;

    public PoolMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public PoolMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("stratum_connections", connections, AtomicLong::get)
                .description("Open Stratum connections").register(registry);
        Gauge.builder("stratum_subscriptions", subscriptions, AtomicLong::get)
                .description("Connections that subscribed and authorized").register(registry);
        acceptedDifficulty = Counter.builder("stratum_accepted_difficulty_total")
                .description("Sum of the difficulty of accepted shares").register(registry);
        connectionsOpened = Counter.builder("stratum_connections_opened_total")
                .description("Stratum connections accepted since start").register(registry);
        blocksFound = Counter.builder("pool_blocks_found_total")
                .description("Block-solving shares found by the pool's miners").register(registry);
        notifyFanout = Timer.builder("stratum_notify_fanout_seconds")
                .description("Time from a new job to its mining.notify written to every connection")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2)).register(registry);
        notifyRecipients = DistributionSummary.builder("stratum_notify_recipients")
                .description("Connections reached by one mining.notify broadcast").register(registry);
        templateFetch = latencyTimer("pool_template_fetch_seconds",
                "Time to obtain one block template from the template source (node getblocktemplate, or the sandbox building one)");
        templateFetchErrors = Counter.builder("pool_template_fetch_errors_total")
                .description("Failed attempts to obtain a block template").register(registry);
    }

    /**
     * A latency timer with 15 fixed histogram buckets from 100 µs to 10 s: quantiles are computed in
     * PromQL, and a fixed, short bucket list keeps the series count low (Micrometer's default
     * percentile histogram would export about 75 buckets per timer).
     */
    private Timer latencyTimer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
        connectionsOpened.increment();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void connectionRefused(String reason) {
        refusedConnections.computeIfAbsent(reason, r -> Counter.builder("stratum_connections_refused_total")
                .description("Connections closed by a limit or ban").tag("reason", r).register(registry)).increment();
    }

    public void subscribed(int delta) {
        subscriptions.addAndGet(delta);
    }

    /**
     * A connection started mining (subscribed and authorized): {@code stratum_miners{firmware,firmware_major}}
     * goes up until {@link #minerLeft}, and {@code stratum_miners_connected_total} counts it.
     */
    public void minerJoined(FirmwareLabels firmware) {
        minersByFirmware.computeIfAbsent(firmware, f -> {
            AtomicLong count = new AtomicLong();
            Gauge.builder("stratum_miners", count, AtomicLong::get)
                    .description("Mining connections (subscribed and authorized) by firmware family and major version")
                    .tag("firmware", f.family()).tag("firmware_major", f.major()).tag("protocol", f.protocol()).register(registry);
            return count;
        }).incrementAndGet();
        minersConnected.computeIfAbsent(firmware, f -> Counter.builder("stratum_miners_connected_total")
                .description("Connections that started mining, by firmware family and major version")
                .tag("firmware", f.family()).tag("firmware_major", f.major()).tag("protocol", f.protocol()).register(registry)).increment();
    }

    public void minerLeft(FirmwareLabels firmware) {
        AtomicLong count = minersByFirmware.get(firmware);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    /**
     * Counts a share by result ({@code accepted}, {@code rejected}, {@code block}), reject reason and
     * the submitting miner's firmware.
     */
    public void share(String result, String reason, FirmwareLabels firmware, double difficulty) {
        shareCounter(result, reason, firmware).increment();
        if (!"rejected".equals(result)) {
            acceptedDifficulty.increment(difficulty);
        }
    }

    private Counter shareCounter(String result, String reason, FirmwareLabels firmware) {
        return shareCounters.computeIfAbsent(new ShareKey(result, reason, firmware), k -> Counter.builder("stratum_shares_total")
                .description("Submitted shares by result, reject reason and firmware family and major version")
                .tag("result", result).tag("reason", reason).tag("firmware", firmware.family())
                .tag("firmware_major", firmware.major()).tag("protocol", firmware.protocol()).register(registry));
    }

    private record ShareKey(String result, String reason, FirmwareLabels firmware) {
    }

    public void blockFound() {
        blocksFound.increment();
    }

    public void protocolError(String reason) {
        protocolErrors.computeIfAbsent(reason, r -> Counter.builder("stratum_protocol_errors_total")
                .description("Connections closed for a protocol violation").tag("reason", r).register(registry)).increment();
    }

    public void notifyFanout(long nanos, int recipients) {
        notifyFanout.record(Duration.ofNanos(nanos));
        notifyRecipients.record(recipients);
    }

    /** The Netty transport the Stratum listeners run on: {@code stratum_transport{transport="io_uring"} 1 (Micrometer drops an _info suffix)}. */
    public void transport(String name) {
        Gauge.builder("stratum_transport", () -> 1).description("The Netty transport of the Stratum listeners (value 1)")
                .tag("transport", name).strongReference(true).register(registry);
    }

    /** Registers a gauge read from elsewhere (job age, template age, queue depth…). */
    private void gauge(String name, String description, Supplier<Number> value) {
        // Held strongly: Micrometer keeps only a weak reference to a gauge's state by default, and a
        // method-reference supplier would be collected, leaving the gauge at NaN.
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }

    /**
     * Registers a counter read from elsewhere (a running total kept by another class). Unlike a
     * gauge, it keeps its {@code _total} suffix and Prometheus treats it as a counter for rate().
     */
    void counter(String name, String description, Supplier<Number> total) {
        held.add(total);
        FunctionCounter.builder(name, total, t -> t.get().doubleValue()).description(description).register(registry);
    }

    // --- template source ---------------------------------------------------------------------

    /** {@code pool_template_source_up{kind}}: 1 while the source can deliver templates (node answering, sandbox running). */
    public void templateSource(String kind, BooleanSupplier up) {
        Gauge.builder("pool_template_source_up", () -> up.getAsBoolean() ? 1 : 0)
                .description("1 while the template source (kind: node or sandbox) can deliver templates, else 0")
                .tag("kind", kind).strongReference(true).register(registry);
    }

    public void templateFetched(long nanos) {
        templateFetch.record(Duration.ofNanos(nanos));
    }

    public void templateFetchFailed() {
        templateFetchErrors.increment();
    }

    // --- node RPC (recorded by the node client's call listener) --------------------------------

    /** One completed JSON-RPC call to the node, by method ({@code getblocktemplate}, {@code submitblock}…). */
    public void nodeRpc(String method, long nanos) {
        nodeRpcTimers.computeIfAbsent(method, m -> latencyTimer("node_rpc_seconds",
                "Duration of JSON-RPC calls to the Bitcoin node", "method", m)).record(Duration.ofNanos(nanos));
    }

    /** One failed call; {@code kind} is a small fixed set (transport, timeout, http, rpc, malformed). */
    public void nodeRpcError(String method, String kind) {
        nodeRpcErrors.computeIfAbsent(method + '/' + kind, k -> Counter.builder("node_rpc_errors_total")
                .description("Failed JSON-RPC calls to the Bitcoin node by method and kind of failure")
                .tag("method", method).tag("kind", kind).register(registry)).increment();
    }

    /** The node's reachability; {@code node_up} exists only once a node client reports it (not on the sandbox). */
    public void nodeUp(boolean up) {
        if (nodeUp.getAndSet(up ? 1 : 0) < 0) {
            Gauge.builder("node_up", nodeUp, AtomicInteger::get)
                    .description("1 while the Bitcoin node answers RPC calls, else 0").register(registry);
        }
    }

    // --- jobs --------------------------------------------------------------------------------------

    /** Job and template age, the height being mined, and jobs withheld after a rejected proposal. */
    public void jobs(JobReadings jobs) {
        gauge("stratum_job_age_seconds", "Seconds since the current job went out", jobs.jobAgeSeconds()::getAsDouble);
        gauge("pool_block_height", "Height of the block being mined", jobs.height()::getAsLong);
        counter("pool_jobs_rejected_total", "Jobs withheld because the node rejected their proposal",
                jobs.rejectedJobs()::getAsLong);
        gauge("pool_template_age_seconds", "Seconds since the template source last delivered a template",
                jobs.templateAgeSeconds()::getAsDouble);
    }

    // --- pool-wide figures read from accounting, blocks and the ledger ---------------------------

    /**
     * {@code pool_hashrate_hashes_per_second{window}}: one series per window label, read from a
     * map of window label to hashrate (a window missing from the map reads NaN: no estimate yet).
     */
    public void poolHashrate(List<String> windows, Supplier<Map<String, Double>> hashrateByWindow) {
        Snapshot<Map<String, Double>> snapshot = new Snapshot<>(hashrateByWindow, SNAPSHOT_PERIOD);
        for (String window : windows) {
            Gauge.builder("pool_hashrate_hashes_per_second", () -> snapshot.get().getOrDefault(window, Double.NaN))
                    .description("Pool hashrate estimated from accepted, stored shares over the window")
                    .tag("window", window).strongReference(true).register(registry);
        }
    }

    /** {@code pool_blocks{status}}: found blocks in each lifecycle status, every status present (0 when absent from the map). */
    public void blocksByStatus(List<String> statuses, Supplier<Map<String, Long>> counts) {
        Snapshot<Map<String, Long>> snapshot = new Snapshot<>(counts, SNAPSHOT_PERIOD);
        for (String status : statuses) {
            Gauge.builder("pool_blocks", () -> snapshot.get().getOrDefault(status, 0L))
                    .description("Blocks found by the pool, by status (found, submitted, accepted, rejected, confirmed, orphaned, sibling)")
                    .tag("status", status).strongReference(true).register(registry);
        }
    }

    /** The share ledger's queue, state and counters. */
    public void ledger(Supplier<LedgerReadings> stats) {
        gauge("ledger_queue_depth", "Accepted shares waiting to be committed to the store", () -> stats.get().queued());
        gauge("ledger_up", "1 while the share store accepts writes, 0 while writes are failing",
                () -> stats.get().up() ? 1 : 0);
        counter("ledger_committed_shares_total", "Shares committed to the store", () -> stats.get().sharesCommitted());
        counter("ledger_transactions_total", "Group-commit transactions committed", () -> stats.get().transactions());
        counter("ledger_failed_writes_total", "Write attempts that failed and were retried", () -> stats.get().failedAttempts());
        counter("ledger_timed_out_shares_total", "Shares not stored within the ack timeout (answered error 20)",
                () -> stats.get().timedOut());
        counter("ledger_queue_full_shares_total", "Shares refused at once because the ledger queue was full",
                () -> stats.get().rejectedFull());
        ledgerWait = latencyTimer("ledger_share_wait_seconds",
                "Time the oldest share of each committed batch waited from acceptance to COMMIT (the ledger lag)");
        ledgerCommit = latencyTimer("ledger_commit_seconds", // last: ledgerCommitted() reads it first
                "Duration of one group-commit transaction, from taking a connection to COMMIT returning");
    }

    /** One committed group-commit transaction; see {@link #ledger}. */
    /** A Stratum node of a cluster: where its accepted shares went (Kafka, the local spool, nowhere). */
    public void cluster(Supplier<ClusterReadings> stats) {
        counter("cluster_shares_acknowledged_total", "Shares acknowledged by Kafka when sent directly",
                () -> stats.get().acknowledged());
        counter("cluster_shares_spooled_total", "Shares made durable in the local spool while Kafka was away",
                () -> stats.get().spooled());
        counter("cluster_shares_drained_total", "Spooled shares handed to Kafka and acknowledged",
                () -> stats.get().drained());
        counter("cluster_shares_failed_total", "Shares neither acknowledged nor spooled (answered error 20)",
                () -> stats.get().failed());
        counter("cluster_publisher_queue_full_shares_total", "Shares refused because the publisher queue was full",
                () -> stats.get().publisherQueueFull());
        counter("cluster_spool_full_shares_total", "Shares refused because the local spool was full (error 20)",
                () -> stats.get().spoolFull());
        gauge("cluster_spool_bytes", "Bytes in the local spool not yet acknowledged by Kafka",
                () -> stats.get().spoolBytes());
        gauge("cluster_spooling", "1 while the node writes shares to its local spool instead of Kafka",
                () -> stats.get().spooling() ? 1 : 0);
        gauge("cluster_spool_records", "Records (share and block events) in the local spool not yet acknowledged by Kafka",
                () -> stats.get().spoolRecords());
        counter("cluster_blocks_published_total", "Found-block records (each status change) made durable in Kafka or the spool",
                () -> stats.get().blocksPublished());
        counter("cluster_block_publish_failures_total", "Found-block records that could not be published (each is retried)",
                () -> stats.get().blockPublishFailures());
    }

    /** The accounting role of a cluster: what its consumer stored, and how far behind the topics it is. */
    public void clusterConsumer(List<String> topics, Supplier<ConsumerReadings> stats) {
        counter("cluster_consumed_share_events_total", "Share events in batches stored with their offsets (replays included)",
                () -> stats.get().shareEvents());
        counter("cluster_consumed_new_shares_total", "Share events stored as new rows (a replayed event is not new)",
                () -> stats.get().newShares());
        counter("cluster_consumed_block_events_total", "Found-block records applied to the blocks table",
                () -> stats.get().blockEvents());
        counter("cluster_consumer_transactions_total", "Database transactions that stored a batch with its offsets",
                () -> stats.get().transactions());
        counter("cluster_consumer_failed_attempts_total", "Polls or batch stores that failed and were retried",
                () -> stats.get().failedAttempts());
        counter("cluster_consumer_undecodable_total", "Records skipped because they are not events",
                () -> stats.get().undecodable());
        for (String topic : topics) {
            Gauge.builder("cluster_consumer_lag_records", () -> stats.get().lagByTopic().getOrDefault(topic, 0L))
                    .description("Records in the topic past the consumer's position, summed over its assigned partitions")
                    .tag("topic", topic).strongReference(true).register(registry);
        }
    }

    public void ledgerCommitted(long transactionNanos, long oldestWaitNanos) {
        Timer commit = ledgerCommit;
        if (commit != null) {
            commit.record(Duration.ofNanos(transactionNanos));
            ledgerWait.record(Duration.ofNanos(oldestWaitNanos));
        }
    }

    // --- wallet payouts ----------------------------------------------------------------------------

    /** What the payout gauges read, refreshed by the wallet payer after each round. */
    public record PayoutReadings(long unpaidSatoshis, boolean walletActive, long unconfirmedBatchAgeSeconds) {
        /** Wallet payouts off: nothing is owed through the wallet, nothing waits for a confirmation. */
        public static final PayoutReadings OFF = new PayoutReadings(0, false, 0);
    }

    /**
     * {@code pool_payout_unpaid_satoshis}: balances owed plus wallet batches not yet known to the wallet;
     * {@code pool_payout_wallet_active}: 1 while wallet payouts are on and not paused;
     * {@code pool_payout_unconfirmed_batch_age_seconds}: since the oldest signed, unconfirmed batch was
     * signed (0: none); {@code pool_payout_wallet_errors_total} at zero for every reason. Registered
     * whenever the pool has a database, so the payout alerts have series from the first scrape.
     */
    public void walletPayouts(Supplier<PayoutReadings> readings) {
        gauge("pool_payout_unpaid_satoshis", "Satoshis owed to miners and not yet sent by the wallet (0 with wallet"
                + " payouts off)", () -> readings.get().unpaidSatoshis());
        gauge("pool_payout_wallet_active", "1 while wallet payouts are on and not paused",
                () -> readings.get().walletActive() ? 1 : 0);
        gauge("pool_payout_unconfirmed_batch_age_seconds", "Seconds since the oldest signed, not yet confirmed wallet"
                + " batch was signed (0: none)", () -> readings.get().unconfirmedBatchAgeSeconds());
        for (String reason : List.of("insufficient_funds", "fee_estimation", "fee_above_cap", "unreachable",
                "broadcast_refused", "refused")) {
            walletRefused(reason, 0);
        }
    }

    /** {@code pool_payout_wallet_errors_total{reason}}: a wallet payout round that the wallet or node refused. */
    public void walletRefused(String reason) {
        walletRefused(reason, 1);
    }

    private void walletRefused(String reason, int count) {
        walletRefusals.computeIfAbsent(reason, r -> Counter.builder("pool_payout_wallet_errors_total")
                .description("Wallet payout rounds refused, by reason").tag("reason", r).register(registry))
                .increment(count);
    }

    // --- JVM and process ------------------------------------------------------------------------

    /** Memory, GC, threads, class loading, CPU, uptime and file descriptors (Micrometer's binders). */
    public synchronized void bindJvmAndProcess() {
        if (gcMetrics != null) {
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
    }

    /** Unhooks the GC listener (the only binder holding JVM resources). */
    @Override
    public synchronized void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
    }

    // --- series at zero --------------------------------------------------------------------------

    /**
     * Registers these label values at zero, so a fresh pool's dashboard panels and alert rules have
     * a series to read before the first reject, refusal or protocol error: share
     * {@code [result, reason]} pairs, connection refusal reasons and protocol-error reasons.
     */
    public void registerAtZero(List<String[]> shareResultReasons, List<String> refusalReasons, List<String> protocolErrorReasons) {
        for (String[] rr : shareResultReasons) {
            shareCounter(rr[0], rr[1], FirmwareLabels.UNKNOWN); // under firmware "other" until a miner's own arrives
            shareCounter(rr[0], rr[1], FirmwareLabels.UNKNOWN_V2);
        }
        for (String r : refusalReasons) {
            refusedConnections.computeIfAbsent(r, x -> Counter.builder("stratum_connections_refused_total")
                    .description("Connections closed by a limit or ban").tag("reason", r).register(registry));
        }
        for (String r : protocolErrorReasons) {
            protocolErrors.computeIfAbsent(r, x -> Counter.builder("stratum_protocol_errors_total")
                    .description("Connections closed for a protocol violation").tag("reason", r).register(registry));
        }
    }
}
