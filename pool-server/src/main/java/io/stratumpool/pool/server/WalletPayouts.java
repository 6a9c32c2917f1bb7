package io.stratumpool.pool.server;

import io.stratumpool.pool.accounting.Accounting;
import io.stratumpool.pool.accounting.BatchVoid;
import io.stratumpool.pool.accounting.PayoutAddresses;
import io.stratumpool.pool.accounting.WalletPayer;
import io.stratumpool.pool.accounting.WalletPayments;
import io.stratumpool.pool.accounting.WalletPayoutConfig;
import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.config.PoolSection;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.metrics.PoolMetrics.PayoutReadings;
import io.stratumpool.pool.node.WalletRpc;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallet payer of {@code payout.wallet}: one thread runs every round (the timer's and the
 * operator's), so two rounds never overlap; the unpaid total is read after each round for the gauge.
 */
final class WalletPayouts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalletPayouts.class);

    final WalletPayments payments;
    private final WalletPayer payer;
    private final BatchVoid voids;
    private final WalletPayoutConfig config;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(new NamedThreads("wallet-payer"));
    private final ExecutorService rpc = Executors.newFixedThreadPool(1, new NamedThreads("wallet-rpc"));
    private final Clock clock;
    private final AtomicReference<PayoutReadings> readings = new AtomicReference<>(PayoutReadings.OFF);
    private volatile Consumer<String> onRefused = reason -> { };

    WalletPayouts(PoolConfig config, Database database, Accounting accounting, PayoutAddresses addresses, Clock clock) {
        this.config = config.payout().wallet();
        this.clock = clock;
        this.payments = new WalletPayments(database, clock, this.config.approval());
        WalletRpc wallet = new WalletRpc(this.config, config.pool().bitcoinNetwork(), rpc);
        // Blocks come from a real chain unless this single process mines on the sandbox: then check them there.
        boolean realChain = config.usesNode() || config.pool().role() != PoolSection.Role.ALL;
        this.payer = new WalletPayer(payments, accounting, wallet, realChain ? wallet : null,
                user -> addresses.resolve(user).map(Object::toString), this.config, config.payout().minimumPayout(),
                reason -> onRefused.accept(reason));
        this.voids = new BatchVoid(payments, wallet, this.config.voidDepth());
    }

    /** Starts the rounds (the first at once: a restart reconciles before anything else) and reports refusals. */
    void start(Consumer<String> refusals) {
        this.onRefused = refusals;
        long millis = Math.round(config.intervalSeconds() * 1000);
        thread.scheduleWithFixedDelay(this::round, 0, millis, TimeUnit.MILLISECONDS);
        LOG.info("wallet payouts every {} s through {} ({}), approval {}, {}", config.intervalSeconds(), config.url(),
                config.kind().yamlName(), payments.approvalRequired() ? "required" : "off",
                payments.paused() ? "PAUSED" : "running");
    }

    /** One round now, after any running one; completes with what it did. */
    CompletableFuture<WalletPayer.Outcome> trigger() {
        return CompletableFuture.supplyAsync(this::round, thread);
    }

    /** Checks and voids a signed batch on the payer's thread, so no round is settling it meanwhile. */
    CompletableFuture<BatchVoid.Result> voidBatch(long id, String conflictTxid, String by) {
        return CompletableFuture.supplyAsync(() -> {
            BatchVoid.Result result = voids.apply(id, conflictTxid, by);
            refreshReadings();
            return result;
        }, thread);
    }

    /** Re-reads the gauges' values on the payer's thread (after an operator paused or resumed). */
    void refresh() {
        thread.execute(() -> {
            try {
                refreshReadings();
            } catch (RuntimeException e) {
                LOG.warn("payout gauges not refreshed: {}", e.toString());
            }
        });
    }

    /** The payout gauges' values as of the last round. */
    PayoutReadings readings() {
        return readings.get();
    }

    private void refreshReadings() {
        long age = payments.oldestUnconfirmedSignedMillis().stream()
                .map(signed -> Math.max(0, (clock.millis() - signed) / 1000)).findFirst().orElse(0);
        readings.set(new PayoutReadings(payments.unpaidTotal(), !payments.paused(), age));
    }

    private WalletPayer.Outcome round() {
        try {
            WalletPayer.Outcome outcome = payer.runOnce();
            refreshReadings();
            return outcome;
        } catch (RuntimeException e) {
            LOG.warn("wallet payout round failed, the next one tries again: {}", e.toString());
            return new WalletPayer.Outcome(0, null, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rpc.shutdownNow();
    }
}
