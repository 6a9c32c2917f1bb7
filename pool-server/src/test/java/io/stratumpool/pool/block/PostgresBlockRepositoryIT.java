package io.stratumpool.pool.block;

import io.stratumpool.pool.ledger.TestStore;
import java.nio.file.Path;

/** Blocks on PostgreSQL. */
class PostgresBlockRepositoryIT extends JdbcBlockRepositoryContract {
    @Override
    TestStore createStore(Path dir) {
        return TestStore.postgresql();
    }
}
