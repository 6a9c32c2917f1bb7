package io.stratumpool.pool.block;

import org.junit.jupiter.api.BeforeEach;

/** The block repository contract on the in-memory repository. */
class InMemoryBlockRepositoryTest extends BlockRepositoryContract {
    private BlockRepository repository;

    @BeforeEach
    void create() {
        repository = new InMemoryBlockRepository(CLOCK);
    }

    @Override
    BlockRepository repository() {
        return repository;
    }
}
