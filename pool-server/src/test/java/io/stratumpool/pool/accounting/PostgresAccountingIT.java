package io.stratumpool.pool.accounting;

import io.stratumpool.pool.ledger.TestStore;
import java.nio.file.Path;

/** Accounting on PostgreSQL. */
class PostgresAccountingIT extends AccountingContract {
    @Override
    TestStore createStore(Path dir) {
        return TestStore.postgresql();
    }
}
