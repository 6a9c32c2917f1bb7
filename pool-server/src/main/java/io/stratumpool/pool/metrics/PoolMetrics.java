package io.stratumpool.pool.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every meter the pool exports, registered in one place. Names follow Prometheus conventions;
 * there are no per-worker labels (per-worker figures live in the HTTP API).
 */
public final class PoolMetrics {
    private final PrometheusMeterRegistry registry;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final Map<String, Counter> shareCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> protocolErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusedConnections = new ConcurrentHashMap<>();
    private final Counter acceptedDifficulty;
    private final Counter connectionsOpened;
    private final Counter blocksFound;
    private final Timer notifyFanout;
    private final DistributionSummary notifyRecipients;

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

    /** Counts a share by result ({@code accepted}, {@code rejected}, {@code block}) and reject reason. */
    public void share(String result, String reason, double difficulty) {
        String key = result + '/' + reason;
        shareCounters.computeIfAbsent(key, k -> Counter.builder("stratum_shares_total")
                .description("Submitted shares by result and reject reason")
                .tag("result", result).tag("reason", reason).register(registry)).increment();
        if (!"rejected".equals(result)) {
            acceptedDifficulty.increment(difficulty);
        }
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

    /** Registers a gauge read from elsewhere (job age, template age, queue depth…). */
    public void gauge(String name, String description, Supplier<Number> value) {
        // Held strongly: Micrometer keeps only a weak reference to a gauge's state by default, and a
        // method-reference supplier would be collected, leaving the gauge at NaN.
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }
}
