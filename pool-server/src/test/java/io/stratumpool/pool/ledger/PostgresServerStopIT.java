package io.stratumpool.pool.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real thing: the PostgreSQL server is stopped ({@code pg_ctlcluster 15 main stop -m fast})
 * while shares flow, and started again ({@link PostgresCluster}). The cluster is always restarted,
 * whatever happens.
 */
@Timeout(180)
class PostgresServerStopIT extends ShareLedgerContract {
    @Override
    TestStore createStore(Path dir) {
        return TestStore.postgresql();
    }

    @Test
    void keepsEveryAcknowledgedShareWhenTheServerStopsAndResumesByItself() throws Exception {
        StoreOutage.run(this, () -> {
            try {
                PostgresCluster.stop();
                Thread.sleep(2_000);
            } finally {
                PostgresCluster.start();
            }
        });
    }
}
