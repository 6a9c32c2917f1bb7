package io.stratumpool.pool.server;

import io.stratumpool.pool.accounting.HashrateWindow;
import io.stratumpool.pool.api.ApiServer;
import io.stratumpool.pool.api.ApiSources;
import io.stratumpool.pool.api.LiveStats;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.cluster.ShareEventConsumer;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.metrics.ConsumerReadings;
import io.stratumpool.pool.metrics.PoolMetrics;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code accounting} role: the pool's database and its periodic accounting work
 * ({@link Bookkeeping}), fed by a {@link ShareEventConsumer} on the shares and blocks topics instead
 * of Stratum sessions, and the HTTP API (JSON API, {@code /health}, {@code /ready}, {@code /metrics})
 * over that database. No Stratum ports.
 */
public final class AccountingNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountingNode.class);

    private final Bookkeeping bookkeeping;
    private final ShareEventConsumer consumer;
    private final PoolMetrics metrics;
    private final ApiServer api;

    private AccountingNode(Bookkeeping bookkeeping, ShareEventConsumer consumer, PoolMetrics metrics, ApiServer api) {
        this.bookkeeping = bookkeeping;
        this.consumer = consumer;
        this.metrics = metrics;
        this.api = api;
    }

    public static AccountingNode start(PoolConfig config, Clock clock) throws InterruptedException {
        Bookkeeping bookkeeping = new Bookkeeping(config, clock);
        PoolMetrics metrics = new PoolMetrics();
        ShareEventConsumer consumer = null;
        try {
            consumer = new ShareEventConsumer(config.cluster(), bookkeeping.database)
                    .onStored(bookkeeping.hashrate::record)
                    .start();
            registerMeters(metrics, bookkeeping, consumer, config);
            ShareEventConsumer running = consumer;
            ApiServer api = startApi(config, new ApiSources(bookkeeping.hashrate, bookkeeping.queries, bookkeeping.blocks,
                    LiveStats.NONE, config.payout(), bookkeeping.database::isReachable, running::isRunning,
                    metrics::scrape, clock));
            LOG.info("Accounting consuming {} and {} from {} into {}; HTTP API and /metrics on {}:{}",
                    config.cluster().sharesTopic(), config.cluster().blocksTopic(), config.cluster().bootstrapServers(),
                    config.ledger().store().yamlName(), config.api().host(), api.port());
            return new AccountingNode(bookkeeping, consumer, metrics, api);
        } catch (RuntimeException | InterruptedException e) {
            if (consumer != null) {
                consumer.close();
            }
            metrics.close();
            bookkeeping.close();
            throw e;
        }
    }

    private static ApiServer startApi(PoolConfig config, ApiSources sources) throws InterruptedException {
        try {
            return ApiServer.start(config.api(), sources);
        } catch (Exception e) { // sync() rethrows a failed bind's checked exception, undeclared
            if (!(e instanceof java.io.IOException)) {
                throw e;
            }
            throw ListenException.undeclared("api.port", config.api().host(), config.api().port(), e);
        }
    }

    private static void registerMeters(PoolMetrics metrics, Bookkeeping bookkeeping, ShareEventConsumer consumer,
            PoolConfig config) {
        metrics.clusterConsumer(List.of(config.cluster().sharesTopic(), config.cluster().blocksTopic()), () -> {
            ShareEventConsumer.Stats s = consumer.stats();
            return new ConsumerReadings(s.events(), s.newShares(), s.blockEvents(), s.transactions(),
                    s.failedAttempts(), s.undecodable(), s.lagByTopic());
        });
        metrics.blocksByStatus(BlockStatus.labels(), () -> BlockStatus.byLabel(bookkeeping.blocks.countByStatus()));
        metrics.poolHashrate(HashrateWindow.labels(), bookkeeping.hashrate::poolByWindow);
        if (bookkeeping.wallet != null) {
            metrics.walletPayouts(bookkeeping.wallet::readings);
            bookkeeping.wallet.start(metrics::walletRefused);
        } else {
            metrics.walletPayouts(() -> PoolMetrics.PayoutReadings.OFF);
        }
        metrics.bindJvmAndProcess();
    }

    public ShareEventConsumer.Stats consumerStats() {
        return consumer.stats();
    }

    /** The HTTP API's port (the configured one, or the one the OS chose for port 0). */
    public int apiPort() {
        return api.port();
    }

    public PoolMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        api.close();
        consumer.close();
        bookkeeping.close();
        metrics.close();
        LOG.info("stopped");
    }
}
