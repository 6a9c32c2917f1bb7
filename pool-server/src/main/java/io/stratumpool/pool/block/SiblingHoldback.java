package io.stratumpool.pool.block;

import io.stratumpool.validator.Hash256;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits one block per parent. At regtest difficulty every share is a block, and an honest miner
 * finds hundreds a second on the same parent; sending all of them buried the node in side-branch
 * blocks ahead of the one call that matters, the next template. The first solution on a parent
 * goes to the node; further ones are credited as shares as usual and recorded as
 * {@link BlockStatus#SIBLING} candidates, submitted (one at a time, newest first) only if the
 * block before them is not accepted.
 */
public final class SiblingHoldback implements BlockSubmitter {
    private static final Logger log = LoggerFactory.getLogger(SiblingHoldback.class);
    /** Parents remembered: far more than the chain moves while a block is in flight. */
    static final int PARENTS = 64;
    /** Candidates kept per parent for the case that the submitted block is rejected. */
    static final int CANDIDATES = 8;

    private final BlockSubmitter next;
    private final BlockRecordWriter records;
    private final Clock clock;
    private final Map<Hash256, Parent> parents = new LinkedHashMap<>(); // guarded by this
    private final AtomicLong heldBack = new AtomicLong();
    private final AtomicLong siblingsSubmitted = new AtomicLong();

    public SiblingHoldback(BlockSubmitter next, BlockRecordWriter records, Clock clock) {
        this.next = next;
        this.records = records;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<SubmitOutcome> submit(FoundBlock block) {
        Parent parent;
        synchronized (this) {
            parent = parents.computeIfAbsent(block.prevHash(), p -> new Parent());
            trim();
            if (parent.inFlightOrAccepted) {
                parent.candidates.addFirst(block);
                if (parent.candidates.size() > CANDIDATES) {
                    parent.candidates.removeLast();
                }
                heldBack.incrementAndGet();
                parent = null;
            } else {
                parent.inFlightOrAccepted = true;
            }
        }
        if (parent == null) {
            recordSibling(block);
            return CompletableFuture.completedFuture(new SubmitOutcome(false,
                    "held back: a block on " + block.prevHash() + " is already submitted"));
        }
        return submitFirst(block, parent);
    }

    private CompletableFuture<SubmitOutcome> submitFirst(FoundBlock block, Parent parent) {
        return next.submit(block).thenCompose(outcome -> {
            if (outcome.accepted()) {
                return CompletableFuture.completedFuture(outcome);
            }
            FoundBlock sibling;
            synchronized (this) {
                sibling = parent.candidates.pollFirst();
                parent.inFlightOrAccepted = sibling != null;
            }
            if (sibling == null) {
                return CompletableFuture.completedFuture(outcome);
            }
            siblingsSubmitted.incrementAndGet();
            log.info("block {} at height {} not accepted ({}): submitting sibling {} instead", block.hash(),
                    block.height(), outcome.reason(), sibling.hash());
            submitFirst(sibling, parent);
            return CompletableFuture.completedFuture(outcome);
        });
    }

    private void recordSibling(FoundBlock block) {
        Instant now = clock.instant();
        log.debug("block {} at height {} held back as a sibling", block.hash(), block.height());
        records.found(new BlockRecord(block.hash(), block.height(), block.prevHash(), block.user(), block.worker(),
                block.shareDifficulty(), block.networkDifficulty(), block.reward(), BlockStatus.SIBLING,
                "another block on this parent was submitted first", 0, now, now));
    }

    private void trim() {
        Iterator<Hash256> oldest = parents.keySet().iterator();
        while (parents.size() > PARENTS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Solutions held back because a block on their parent was already submitted. */
    public long heldBack() {
        return heldBack.get();
    }

    /** Siblings submitted because the block before them was not accepted. */
    public long siblingsSubmitted() {
        return siblingsSubmitted.get();
    }

    private static final class Parent {
        boolean inFlightOrAccepted;
        final Deque<FoundBlock> candidates = new ArrayDeque<>();
    }
}
