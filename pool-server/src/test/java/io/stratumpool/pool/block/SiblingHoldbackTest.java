package io.stratumpool.pool.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stratumpool.pool.block.BlockSubmitter.SubmitOutcome;
import io.stratumpool.validator.Hash256;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One block per parent goes to the node; further solutions are kept as siblings and sent only if it is not accepted. */
class SiblingHoldbackTest {
    private final InMemoryBlockRepository repository = new InMemoryBlockRepository(Clock.systemUTC());
    private final BlockRecordWriter records = new BlockRecordWriter(repository);
    /** The node's side, answered by each test: what was sent, and the outcome it is waiting for. */
    private final List<FoundBlock> sent = new ArrayList<>();
    private final List<CompletableFuture<SubmitOutcome>> answers = new ArrayList<>();
    private final SiblingHoldback holdback = new SiblingHoldback(block -> {
        sent.add(block);
        CompletableFuture<SubmitOutcome> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }, records, Clock.systemUTC());

    private static FoundBlock block(int parent, int n) {
        return new FoundBlock(Hash256.of(new byte[] {(byte) parent, (byte) n}), 100 + parent,
                Hash256.of(new byte[] {(byte) parent}), new byte[80], "alice", "rig", 1e-9, 4.6e-10, 5_000_000_000L);
    }

    @Test
    void onlyTheFirstSolutionOnAParentIsSubmittedTheRestAreSiblings() {
        for (int n = 0; n < 50; n++) {
            holdback.submit(block(1, n));
        }
        answers.get(0).complete(SubmitOutcome.ok());
        records.close();
        assertEquals(List.of(block(1, 0).hash()), sent.stream().map(FoundBlock::hash).toList());
        assertEquals(49, repository.withStatus(EnumSet.of(BlockStatus.SIBLING)).size());
        assertEquals(49, holdback.heldBack());
        assertEquals(0, holdback.siblingsSubmitted());
    }

    @Test
    void aSiblingIsSubmittedOnlyWhenTheFirstBlockIsRejected() {
        holdback.submit(block(2, 0));
        holdback.submit(block(2, 1));
        holdback.submit(block(2, 2));
        assertEquals(1, sent.size());
        answers.get(0).complete(SubmitOutcome.rejected("bad-txns"));
        assertEquals(2, sent.size(), "one sibling, not all of them");
        assertEquals(block(2, 2).hash(), sent.get(1).hash(), "the newest first");
        answers.get(1).complete(SubmitOutcome.ok());
        holdback.submit(block(2, 3));
        assertEquals(2, sent.size(), "accepted: later solutions on the parent stay siblings");
        assertEquals(1, holdback.siblingsSubmitted());
    }

    @Test
    void blocksOnDifferentParentsAreEachSubmitted() {
        holdback.submit(block(3, 0));
        holdback.submit(block(4, 0));
        holdback.submit(block(4, 1));
        assertEquals(2, sent.size());
        assertFalse(sent.get(0).prevHash().equals(sent.get(1).prevHash()));
    }
}
