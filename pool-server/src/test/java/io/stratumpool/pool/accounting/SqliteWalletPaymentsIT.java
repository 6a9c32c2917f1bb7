package io.stratumpool.pool.accounting;

import io.stratumpool.pool.ledger.TestStore;
import java.nio.file.Path;

/** Wallet batches on SQLite. */
class SqliteWalletPaymentsIT extends WalletPaymentsContract {
    @Override
    TestStore createStore(Path dir) {
        return TestStore.sqlite(dir);
    }
}
