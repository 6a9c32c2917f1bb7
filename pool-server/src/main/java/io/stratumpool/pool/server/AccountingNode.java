package io.stratumpool.pool.server;

import io.stratumpool.pool.cluster.ShareEventConsumer;
import io.stratumpool.pool.config.PoolConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code accounting} role: the pool's database and its periodic accounting work
 * ({@link Bookkeeping}), fed by a {@link ShareEventConsumer} on the shares topic instead of Stratum
 * sessions. No Stratum ports. The HTTP API is not served by this role yet.
 */
public final class AccountingNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountingNode.class);

    private final Bookkeeping bookkeeping;
    private final ShareEventConsumer consumer;

    private AccountingNode(Bookkeeping bookkeeping, ShareEventConsumer consumer) {
        this.bookkeeping = bookkeeping;
        this.consumer = consumer;
    }

    public static AccountingNode start(PoolConfig config, Clock clock) {
        Bookkeeping bookkeeping = new Bookkeeping(config, clock);
        try {
            ShareEventConsumer consumer = new ShareEventConsumer(config.cluster(), bookkeeping.database)
                    .onStored(bookkeeping.hashrate::record)
                    .start();
            LOG.info("Accounting consuming {} from {} into {}", config.cluster().sharesTopic(),
                    config.cluster().bootstrapServers(), config.ledger().store().yamlName());
            return new AccountingNode(bookkeeping, consumer);
        } catch (RuntimeException e) {
            bookkeeping.close();
            throw e;
        }
    }

    public ShareEventConsumer.Stats consumerStats() {
        return consumer.stats();
    }

    @Override
    public void close() {
        consumer.close();
        bookkeeping.close();
        LOG.info("stopped");
    }
}
