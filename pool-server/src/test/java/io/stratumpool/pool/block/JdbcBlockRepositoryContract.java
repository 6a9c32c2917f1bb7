package io.stratumpool.pool.block;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.TestStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The block repository contract on a database; subclasses say which store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcBlockRepositoryContract extends BlockRepositoryContract {
    private TestStore store;
    private Database db;
    private BlockRepository repository;

    abstract TestStore createStore(Path dir);

    @BeforeAll
    void open(@TempDir Path dir) {
        store = createStore(dir);
        db = Database.open(store.config());
        repository = new JdbcBlockRepository(db, CLOCK);
    }

    @BeforeEach
    void empty() {
        db.query(c -> c.createStatement().executeUpdate("DELETE FROM blocks"));
    }

    @AfterAll
    void close() throws Exception {
        db.close();
        store.close();
    }

    @Override
    BlockRepository repository() {
        return repository;
    }
}
