package io.stratumpool.pool.accounting;

import io.stratumpool.pool.ledger.TestStore;
import java.nio.file.Path;

/** Wallet batches on PostgreSQL. */
class PostgresWalletPaymentsIT extends WalletPaymentsContract {
    @Override
    TestStore createStore(Path dir) {
        return TestStore.postgresql();
    }
}
