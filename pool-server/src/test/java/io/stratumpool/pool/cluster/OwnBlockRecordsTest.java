package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnBlockRecordsTest {
    private static final String A = "00000000000000000000000000000000000000000000000000000000000000aa";
    private static final String B = "00000000000000000000000000000000000000000000000000000000000000bb";
    private static final String C = "00000000000000000000000000000000000000000000000000000000000000cc";

    @Test
    void spooledEventNewerThanTheTopicsWins() {
        List<BlockRecord> merged = List.copyOf(OwnBlockRecords.merge(List.of(event(1, A, "SUBMITTED", 10)),
                List.of(event(1, A, "ACCEPTED", 20)), 1));
        assertEquals(1, merged.size());
        assertEquals(BlockStatus.ACCEPTED, merged.get(0).status());
        assertEquals(20, merged.get(0).updatedAt().toEpochMilli());
    }

    @Test
    void replayedOlderSpooledEventDoesNotUndoTheTopicsNewerOne() {
        List<BlockRecord> merged = List.copyOf(OwnBlockRecords.merge(
                List.of(event(1, A, "SUBMITTED", 10), event(1, A, "ACCEPTED", 20)), List.of(event(1, A, "SUBMITTED", 10)), 1));
        assertEquals(List.of(BlockStatus.ACCEPTED), merged.stream().map(BlockRecord::status).toList());
    }

    @Test
    void otherNodesBlocksAreNotTakenUp() {
        assertEquals(List.of(), List.copyOf(OwnBlockRecords.merge(List.of(event(2, A, "ACCEPTED", 10)),
                List.of(event(3, B, "SUBMITTED", 10)), 1)));
    }

    @Test
    void settledBlocksAndSiblingsAreLeftOut() {
        List<BlockRecord> unsettled = OwnBlockRecords.unsettled(OwnBlockRecords.merge(List.of(
                event(1, A, "ACCEPTED", 10), event(1, A, "CONFIRMED", 30), event(1, B, "SIBLING", 10),
                event(1, C, "ORPHANED", 12)), List.of(), 1));
        assertEquals(List.of(BlockStatus.ORPHANED), unsettled.stream().map(BlockRecord::status).toList());
    }

    private static BlockEvent event(int nodeId, String hash, String status, long updatedMs) {
        return new BlockEvent(nodeId, hash, 120, A, "u", "w", 1, 1, 5_000_000_000L, status, null, 0, 5, updatedMs);
    }
}
