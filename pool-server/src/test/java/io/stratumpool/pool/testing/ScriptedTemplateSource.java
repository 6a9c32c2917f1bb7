package io.stratumpool.pool.testing;

import io.stratumpool.pool.block.BlockSubmitter;
import io.stratumpool.pool.block.FoundBlock;
import io.stratumpool.pool.job.TemplateListener;
import io.stratumpool.pool.job.TemplateSource;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.ByteWriter;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.TemplateTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A template source the test drives, and a block submitter that records what it got. */
public final class ScriptedTemplateSource implements TemplateSource, BlockSubmitter {
    public static final long NTIME = 1_760_000_000L;

    private volatile TemplateListener listener;
    private final List<FoundBlock> submitted = new CopyOnWriteArrayList<>();
    private volatile String proposalRejection;

    @Override
    public void start(TemplateListener templateListener) {
        this.listener = templateListener;
    }

    public void push(BlockTemplate template, boolean newTip) {
        listener.onTemplate(template, newTip);
    }

    /** Makes every later proposal fail with this reason (null: accept). */
    public void rejectProposals(String reason) {
        proposalRejection = reason;
    }

    @Override
    public CompletableFuture<Optional<String>> propose(BlockTemplate template, byte[] block) {
        return CompletableFuture.completedFuture(Optional.ofNullable(proposalRejection));
    }

    @Override
    public CompletableFuture<SubmitOutcome> submit(FoundBlock block) {
        submitted.add(block);
        return CompletableFuture.completedFuture(SubmitOutcome.ok());
    }

    public List<FoundBlock> submitted() {
        return submitted;
    }

    @Override
    public void close() {
    }

    /** A segwit template at a height on a given previous block, with {@code txCount} transactions. */
    public static BlockTemplate template(long height, Hash256 prev, long nBits, int txCount) {
        List<TemplateTransaction> txs = new ArrayList<>();
        for (int i = 0; i < txCount; i++) {
            byte[] data = new ByteWriter().writeUInt32LE(2).writeCompactSize(1)
                    .writeBytes(Hash256.of(new byte[] {(byte) i, (byte) height}).bytes()).writeUInt32LE(0)
                    .writeCompactSize(0).writeUInt32LE(0xffffffffL).writeCompactSize(1).writeInt64LE(1000 + i)
                    .writeVarBytes(new byte[] {0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
                    .writeUInt32LE(0).toByteArray();
            txs.add(TemplateTransaction.of(data, 500, List.of()));
        }
        byte[] commitment = Merkle.witnessCommitmentScript(
                Merkle.witnessCommitment(txs.stream().map(TemplateTransaction::wtxid).toList(), new byte[32]));
        return new BlockTemplate(height, 0x20000000, prev, nBits, NTIME, NTIME - 100, 5_000_000_000L + 500L * txCount,
                txs, commitment, null);
    }
}
