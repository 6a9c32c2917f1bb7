package io.stratumpool.pool.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.validator.Hash256;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link BlockRepository} does; subclasses give a fresh, empty repository per test. */
abstract class BlockRepositoryContract {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    abstract BlockRepository repository();

    static BlockRecord block(int n, Instant foundAt) {
        byte[] h = new byte[32];
        h[0] = (byte) n;
        h[31] = 0x00;
        return new BlockRecord(Hash256.wrap(h), 900_000 + n, Hash256.ZERO, "bc1qalice", "rig" + n, 1e6 + n,
                1.1e14, 312_500_000L + n, BlockStatus.FOUND, null, 0, foundAt, foundAt);
    }

    @Test
    void storesAFoundBlockWithEveryField() {
        BlockRecord b = block(1, T0);
        repository().found(b);
        assertEquals(b, repository().find(b.hash()).orElseThrow());
    }

    @Test
    void ignoresTheSameBlockFoundTwice() {
        BlockRecord b = block(2, T0);
        repository().found(b);
        repository().found(b.withStatus(BlockStatus.ACCEPTED, null, 1, T0));
        assertEquals(BlockStatus.FOUND, repository().find(b.hash()).orElseThrow().status());
    }

    @Test
    void recordsTheLifecycleWithReasonConfirmationsAndTime() {
        BlockRecord b = block(3, T0);
        repository().found(b);
        repository().updateStatus(b.hash(), BlockStatus.REJECTED, "bad-txns", 0);
        BlockRecord stored = repository().find(b.hash()).orElseThrow();
        assertEquals(BlockStatus.REJECTED, stored.status());
        assertEquals("bad-txns", stored.reason());
        assertEquals(CLOCK.instant(), stored.updatedAt());
        repository().updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        assertEquals(100, repository().find(b.hash()).orElseThrow().confirmations());
    }

    @Test
    void writesAListInOrder() {
        BlockRecord a = block(10, T0);
        BlockRecord b = block(11, T0.plusSeconds(1));
        repository().writeAll(List.of(new BlockRepository.Found(a),
                new BlockRepository.StatusChange(a.hash(), BlockStatus.SUBMITTED, null, 0),
                new BlockRepository.Found(b),
                new BlockRepository.StatusChange(a.hash(), BlockStatus.ACCEPTED, null, 1),
                new BlockRepository.Found(a.withStatus(BlockStatus.ORPHANED, null, 0, T0))));
        BlockRecord storedA = repository().find(a.hash()).orElseThrow();
        assertEquals(BlockStatus.ACCEPTED, storedA.status(), "the later status wins; a repeated found changes nothing");
        assertEquals(1, storedA.confirmations());
        assertEquals(BlockStatus.FOUND, repository().find(b.hash()).orElseThrow().status());
    }

    @Test
    void listsByStatusOldestFirstAndRecentNewestFirst() {
        BlockRecord old = block(4, T0);
        BlockRecord mid = block(5, T0.plusSeconds(60));
        BlockRecord young = block(6, T0.plusSeconds(120));
        List.of(mid, young, old).forEach(repository()::found);
        repository().updateStatus(mid.hash(), BlockStatus.ORPHANED, null, 0);
        assertEquals(List.of(old.hash(), young.hash()), repository().withStatus(EnumSet.of(BlockStatus.FOUND))
                .stream().map(BlockRecord::hash).toList());
        assertEquals(List.of(young.hash(), mid.hash()), repository().recent(2).stream()
                .map(BlockRecord::hash).toList());
        assertTrue(repository().withStatus(EnumSet.noneOf(BlockStatus.class)).isEmpty());
    }

    @Test
    void countsBlocksInEveryStatusZeroIncluded() {
        List.of(block(7, T0), block(8, T0), block(9, T0)).forEach(repository()::found);
        repository().updateStatus(block(8, T0).hash(), BlockStatus.ACCEPTED, null, 1);
        repository().updateStatus(block(9, T0).hash(), BlockStatus.ACCEPTED, null, 1);
        var counts = repository().countByStatus();
        assertEquals(BlockStatus.values().length, counts.size(), counts.toString());
        assertEquals(1L, counts.get(BlockStatus.FOUND));
        assertEquals(2L, counts.get(BlockStatus.ACCEPTED));
        assertEquals(0L, counts.get(BlockStatus.ORPHANED));
    }

    @Test
    void findsNothingForAnUnknownHash() {
        assertTrue(repository().find(Hash256.ZERO).isEmpty());
    }
}
