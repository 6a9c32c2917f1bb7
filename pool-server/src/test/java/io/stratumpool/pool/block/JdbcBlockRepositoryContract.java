package io.stratumpool.pool.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.TestStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

    @Test
    void aListIsStoredAllOrNone() {
        BlockRecord a = block(20, T0);
        // The second write cannot be bound (no status): the first must not stay behind either.
        assertThrows(RuntimeException.class, () -> repository.writeAll(List.of(new BlockRepository.Found(a),
                new BlockRepository.StatusChange(a.hash(), null, null, 0))));
        assertTrue(repository.find(a.hash()).isEmpty(), "rolled back with the failed write");
        repository.writeAll(List.of(new BlockRepository.Found(a)));
        assertEquals(BlockStatus.FOUND, repository.find(a.hash()).orElseThrow().status());
    }

    @Override
    BlockRepository repository() {
        return repository;
    }
}
