package io.stratumpool.pool.accounting;

import io.stratumpool.pool.ledger.TestStore;
import java.nio.file.Path;

/** Payout addresses on PostgreSQL. */
class PostgresPayoutAddressesIT extends PayoutAddressesContract {
    @Override
    TestStore createStore(Path dir) {
        return TestStore.postgresql();
    }
}
