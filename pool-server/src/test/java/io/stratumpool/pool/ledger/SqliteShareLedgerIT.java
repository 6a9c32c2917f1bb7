package io.stratumpool.pool.ledger;

import java.nio.file.Path;

/** The ledger suite on SQLite. */
class SqliteShareLedgerIT extends ShareLedgerSuite {
    @Override
    TestStore createStore(Path dir) {
        return TestStore.sqlite(dir);
    }
}
