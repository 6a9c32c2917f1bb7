package io.stratumpool.pool.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.config.SandboxConfig;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hash256;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sandbox chain starts at its configured genesis height, and its heights and hashes line up from there. */
class SandboxChainTest {
    private final LinkedBlockingQueue<BlockTemplate> templates = new LinkedBlockingQueue<>();

    private final InMemoryBlockRepository blocks = new InMemoryBlockRepository(Clock.systemUTC());

    private SandboxChain start(long genesisHeight) {
        SandboxChain chain = new SandboxChain(0x207fffffL, genesisHeight, 2, 3600, blocks, Clock.systemUTC());
        chain.start((template, newTip) -> templates.add(template));
        return chain;
    }

    private BlockTemplate nextTemplate() throws InterruptedException {
        BlockTemplate t = templates.poll(10, TimeUnit.SECONDS);
        assertTrue(t != null, "no template within 10 s");
        return t;
    }

    @Test
    void firstTemplateIsForTheHeightAboveTheConfiguredGenesis() throws InterruptedException {
        try (SandboxChain chain = start(500)) {
            assertEquals(500, chain.height());
            BlockTemplate first = nextTemplate();
            assertEquals(501, first.height());
            assertEquals(chain.blockHash(500), first.prevHash(), "the first template builds on the genesis stand-in");
        }
    }

    @Test
    void defaultGenesisIsAboveSixteenSoEveryHeightIsADataPush() throws InterruptedException {
        long genesis = SandboxConfig.defaults().genesisHeight();
        assertTrue(genesis >= 16, "default genesis height " + genesis);
        try (SandboxChain chain = start(genesis)) {
            assertEquals(genesis + 1, nextTemplate().height());
        }
    }

    @Test
    void anExternalBlockAdvancesTheTipByOneAboveGenesis() throws InterruptedException {
        try (SandboxChain chain = start(100)) {
            nextTemplate();
            Hash256 external = chain.mineExternalBlock();
            assertEquals(101, chain.height());
            assertEquals(external, chain.blockHash(101));
            BlockTemplate next = nextTemplate();
            assertEquals(102, next.height());
            assertEquals(external, next.prevHash());
        }
    }

    @Test
    void aRefreshOnDemandIsANewTemplateOnTheSameTip() throws InterruptedException {
        try (SandboxChain chain = start(100)) {
            BlockTemplate first = nextTemplate();
            chain.refreshTemplate();
            BlockTemplate refreshed = nextTemplate();
            assertEquals(first.prevHash(), refreshed.prevHash(), "same tip");
            assertEquals(first.height(), refreshed.height());
            assertTrue(!first.transactions().get(0).txid().equals(refreshed.transactions().get(0).txid()), "new transactions");
            assertEquals(100, chain.height(), "no block");
        }
    }

    /** A ledger database outlives the sandbox: an accepted block of an earlier run is not in this chain. */
    @Test
    void anAcceptedBlockOfAnEarlierRunAtOrBelowGenesisIsOrphanedWhenTheTipMoves() throws InterruptedException {
        Hash256 old = Hash256.of(new byte[] {1, 2, 3});
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        blocks.found(new BlockRecord(old, 5, Hash256.ZERO, "alice", "rig", 1, 1, 5_000_000_000L, BlockStatus.ACCEPTED,
                null, 1, then, then));
        try (SandboxChain chain = start(100)) {
            nextTemplate();
            chain.mineExternalBlock();
            assertEquals(BlockStatus.ORPHANED, blocks.find(old).orElseThrow().status());
        }
    }

    /** A restarted cluster node reads its blocks back: those of its sandbox's earlier run are settled at start. */
    @Test
    void unsettledBlocksOfAnEarlierRunAboveTheTipAreOrphanedAtStart() throws InterruptedException {
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        Hash256 accepted = Hash256.of(new byte[] {4, 5, 6});
        Hash256 submitted = Hash256.of(new byte[] {7, 8, 9});
        blocks.found(new BlockRecord(accepted, 150, Hash256.ZERO, "alice", "rig", 1, 1, 5_000_000_000L,
                BlockStatus.ACCEPTED, null, 3, then, then));
        blocks.found(new BlockRecord(submitted, 151, Hash256.ZERO, "alice", "rig", 1, 1, 5_000_000_000L,
                BlockStatus.SUBMITTED, null, 0, then, then));
        try (SandboxChain chain = start(100)) {
            nextTemplate();
            assertEquals(100, chain.height(), "no block mined");
            assertEquals(BlockStatus.ORPHANED, blocks.find(accepted).orElseThrow().status());
            assertEquals(BlockStatus.ORPHANED, blocks.find(submitted).orElseThrow().status());
        }
    }

    @Test
    void heightsOutsideTheChainAreRefused() {
        try (SandboxChain chain = start(100)) {
            assertThrows(IllegalArgumentException.class, () -> chain.blockHash(99));
            assertThrows(IllegalArgumentException.class, () -> chain.blockHash(101));
        }
    }

    @Test
    void negativeGenesisHeightIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(-1));
        assertEquals("genesisHeight: -1 (expected: >= 0)", e.getMessage());
    }
}
