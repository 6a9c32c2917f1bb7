package io.stratumpool.pool.server;

import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.accounting.AccountQueries;
import io.stratumpool.pool.accounting.Accounting;
import io.stratumpool.pool.accounting.HashrateTracker;
import io.stratumpool.pool.accounting.PayoutAddresses;
import io.stratumpool.pool.accounting.PayoutConfig;
import io.stratumpool.pool.accounting.PayoutScheme;
import io.stratumpool.pool.accounting.PplnsScheme;
import io.stratumpool.pool.accounting.PpsScheme;
import io.stratumpool.pool.accounting.Retention;
import io.stratumpool.pool.accounting.SoloScheme;
import io.stratumpool.pool.block.JdbcBlockRepository;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.job.CoinbasePayoutRouting;
import io.stratumpool.pool.job.CoinbasePlan;
import io.stratumpool.pool.job.PayoutWindow;
import io.stratumpool.validator.Hash256;
import java.util.function.DoubleSupplier;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.JdbcShareLedger;
import io.stratumpool.validator.address.Address;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable side of the pool on one database: share ledger, block repository, hashrate (rebuilt
 * from the ledger at start), and the periodic accounting work — credit matured blocks, settle PPS,
 * record payout batches, prune old share rows. Its timers run on their own thread.
 */
final class Bookkeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bookkeeping.class);
    /** One a second: a split is stored unless the database stays down for about an hour. */
    private static final int SPLIT_ATTEMPTS = 3600;

    final Database database;
    final JdbcShareLedger ledger;
    final JdbcBlockRepository blocks;
    final HashrateTracker hashrate;
    final PayoutScheme scheme;
    final Accounting accounting;
    final AccountQueries queries;
    final PayoutAddresses addresses;
    /** Null unless {@code payout.wallet.enabled}. */
    final WalletPayouts wallet;
    private final Retention retention;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(new NamedThreads("bookkeeping"));

    Bookkeeping(PoolConfig config, Clock clock) {
        this.database = Database.open(config.ledger());
        this.ledger = new JdbcShareLedger(database, config.ledger());
        this.blocks = new JdbcBlockRepository(database, clock);
        this.hashrate = new HashrateTracker(clock);
        this.scheme = scheme(config);
        this.accounting = new Accounting(database, scheme, clock, config.payout().coinbasePayouts());
        this.queries = new AccountQueries(database);
        this.addresses = new PayoutAddresses(database, config.pool().bitcoinNetwork(), clock);
        this.retention = new Retention(database, accounting, Duration.ofDays(config.ledger().retentionDays()), clock);
        int rebuilt = hashrate.rebuild(database);
        LOG.info("ledger on {} ({} shares of the last {} rebuild the hashrate)", config.ledger().store().yamlName(), rebuilt,
                HashrateTracker.rebuildSpan());
        PayoutConfig payout = config.payout();
        timers.scheduleWithFixedDelay(quietly("credit", () -> {
            accounting.creditConfirmedBlocks();
            if (payout.scheme() == PayoutConfig.Scheme.PPS) {
                accounting.settlePps();
            }
        }), 5, 5, TimeUnit.SECONDS);
        this.wallet = payout.wallet().enabled() ? new WalletPayouts(config, database, accounting, addresses, clock) : null;
        if (wallet == null) {
            timers.scheduleWithFixedDelay(quietly("payouts", () -> accounting.recordPayouts(payout.minimumPayout())), 10, 10,
                    TimeUnit.MINUTES);
        }
        timers.scheduleWithFixedDelay(quietly("retention", retention::prune), 1, 60, TimeUnit.MINUTES);
        timers.scheduleWithFixedDelay(quietly("evict", hashrate::evictIdle), 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Keeps the coinbase split's window fresh: every {@code seconds}, the PPLNS window at the live
     * network difficulty, each user with the address it is paid at.
     */
    void feedCoinbaseWindow(CoinbasePayoutRouting routing, DoubleSupplier networkDifficulty, double seconds) {
        long millis = Math.round(seconds * 1000);
        timers.scheduleWithFixedDelay(quietly("coinbase window", () -> routing.window(payoutWindow(
                networkDifficulty.getAsDouble()))), 0, millis, TimeUnit.MILLISECONDS);
    }

    PayoutWindow payoutWindow(double networkDifficulty) {
        return new PayoutWindow(accounting.pplnsWindow(networkDifficulty).entrySet().stream()
                .map(e -> new PayoutWindow.Entry(e.getKey(), addresses.resolve(e.getKey()).orElse(null), e.getValue()))
                .toList());
    }

    /**
     * Stores a found block's coinbase split off the event loop (see {@link Accounting#recordCoinbaseSplit}),
     * retrying while the store refuses: without it, crediting the block would split it again as balances.
     */
    void recordCoinbaseSplit(Hash256 block, CoinbasePlan plan) {
        recordCoinbaseSplit(block, plan, 1);
    }

    private void recordCoinbaseSplit(Hash256 block, CoinbasePlan plan, int attempt) {
        timers.schedule(() -> {
            try {
                accounting.recordCoinbaseSplit(block, plan);
            } catch (RuntimeException e) {
                if (attempt >= SPLIT_ATTEMPTS) {
                    LOG.error("coinbase split of block {} not stored after {} attempts: credit it by hand ({})", block,
                            attempt, e.toString());
                    return;
                }
                LOG.warn("storing the coinbase split of block {} failed, retrying: {}", block, e.toString());
                recordCoinbaseSplit(block, plan, attempt + 1);
            }
        }, attempt == 1 ? 0 : 1, TimeUnit.SECONDS);
    }

    /** The configured payout scheme (solo checks user names against the pool's network). */
    static PayoutScheme scheme(PoolConfig config) {
        PayoutConfig payout = config.payout();
        return switch (payout.scheme()) {
            case SOLO -> new SoloScheme(payout.fee(), user -> Address.isValid(user, config.pool().bitcoinNetwork()));
            case PPLNS -> new PplnsScheme(payout.pplnsFactor(), payout.fee());
            case PPS -> new PpsScheme(payout.fee());
        };
    }

    /** A periodic task that logs its failure instead of dying (a database outage must not stop accounting for good). */
    private static Runnable quietly(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed, will retry: {}", name, e.toString());
            }
        };
    }

    @Override
    public void close() {
        if (wallet != null) {
            wallet.close();
        }
        timers.shutdownNow();
        ledger.close();
        database.close();
    }
}
