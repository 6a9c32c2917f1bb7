package io.stratumpool.pool.sandbox;

import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockRepository;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.BlockSubmitter;
import io.stratumpool.pool.block.FoundBlock;
import io.stratumpool.pool.job.TemplateFetchObserver;
import io.stratumpool.pool.job.TemplateListener;
import io.stratumpool.pool.job.TemplateSource;
import io.stratumpool.validator.Block;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Target;
import io.stratumpool.validator.TemplateTransaction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process chain with regtest rules, so the pool runs with no node: it serves templates
 * (height, subsidy with regtest's 150-block halving, the configured nBits, synthetic transactions
 * and a witness commitment), checks every submitted block as a node would (prevhash, proof of
 * work, merkle root, BIP34 height, coinbase amount, witness commitment) and advances its tip.
 * Its genesis stand-in sits at a configurable height above 16: heights 1..16 are written as
 * OP_1..OP_16, which is consensus-correct but which ESP-Miner (Bitaxe) cannot decode, so a fresh
 * sandbox starts where every height is a data push. All state lives on one thread.
 */
public final class SandboxChain implements TemplateSource, BlockSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxChain.class);
    private static final Logger ACCEPTED = LoggerFactory.getLogger("event.block-accepted");
    private static final Logger REJECTED = LoggerFactory.getLogger("event.block-rejected");
    static final int HALVING_INTERVAL = 150;
    static final int MATURITY = 100;

    private final long nBits;
    private final long genesisHeight;
    private final int transactionCount;
    private final int refreshSeconds;
    private final BlockRepository blocks;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    /** The block hashes from the genesis stand-in on: index i holds height genesisHeight + i. */
    private final List<Hash256> chain = new ArrayList<>();
    private long tipTime;
    private long refreshCount;
    private final Map<Hash256, TemplateTransaction> offered = new HashMap<>();
    /** The most recent accepted blocks, for inspection (the sandbox keeps no full chain). */
    private final Map<Hash256, Block> recentBlocks = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash256, Block> eldest) {
            return size() > 1000;
        }
    };
    private TemplateListener listener;
    private volatile TemplateFetchObserver fetches = TemplateFetchObserver.NONE;

    public SandboxChain(long nBits, long genesisHeight, int transactionCount, int refreshSeconds, BlockRepository blocks,
            Clock clock) {
        if (genesisHeight < 0) {
            throw new IllegalArgumentException("genesisHeight: " + genesisHeight + " (expected: >= 0)");
        }
        this.nBits = nBits;
        this.genesisHeight = genesisHeight;
        this.transactionCount = transactionCount;
        this.refreshSeconds = refreshSeconds;
        this.blocks = blocks;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(new NamedThreads("sandbox-chain"));
        // A genesis stand-in at genesisHeight, so the first template is for the height above it.
        chain.add(Hash256.of(("stratumpool sandbox genesis " + nBits).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        tipTime = clock.millis() / 1000 - 600;
    }

    @Override
    public void start(TemplateListener templateListener) {
        this.listener = templateListener;
        thread.execute(this::confirmMatured); // settles the unsettled blocks of an earlier run at once
        thread.execute(() -> publish(true));
        thread.scheduleAtFixedRate(() -> publish(false), refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
    }

    @Override
    public String kind() {
        return "sandbox";
    }

    /** Up while its thread runs: it has no remote end that could fail. */
    @Override
    public boolean isUp() {
        return !thread.isShutdown();
    }

    @Override
    public void observeFetches(TemplateFetchObserver observer) {
        this.fetches = observer;
    }

    @Override
    public CompletableFuture<SubmitOutcome> submit(FoundBlock block) {
        return CompletableFuture.supplyAsync(() -> accept(block), thread);
    }

    /** The current tip height. */
    public long height() {
        return CompletableFuture.supplyAsync(this::tipHeight, thread).join();
    }

    /** One of the last thousand blocks the sandbox accepted from the pool, parsed. */
    public java.util.Optional<Block> acceptedBlock(Hash256 hash) {
        return CompletableFuture.supplyAsync(() -> java.util.Optional.ofNullable(recentBlocks.get(hash)), thread).join();
    }

    /** The hash of the block at a height, from the genesis stand-in up to the tip. */
    public Hash256 blockHash(long height) {
        try {
            return CompletableFuture.supplyAsync(() -> chain.get(indexOf(height)), thread).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof IllegalArgumentException outside ? outside : e;
        }
    }

    /**
     * Another miner elsewhere found the next block: the tip moves without any share of ours, and
     * work on the old tip becomes stale. For demos and tests of stale shares.
     */
    public Hash256 mineExternalBlock() {
        return CompletableFuture.supplyAsync(() -> {
            Hash256 hash = Hash256.of(("external block " + nextHeight() + " " + tip()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            chain.add(hash);
            tipTime++;
            confirmMatured();
            publish(true);
            return hash;
        }, thread).join();
    }

    /**
     * A new template on the same tip now (new transactions), as the periodic refresh makes one:
     * miners get jobs with clean_jobs false. For benchmarks and tests that need one on demand.
     */
    public void refreshTemplate() {
        CompletableFuture.runAsync(() -> publish(false), thread).join();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    static long subsidy(long height) {
        long halvings = height / HALVING_INTERVAL;
        return halvings >= 64 ? 0 : 5_000_000_000L >> halvings;
    }

    private void publish(boolean newTip) {
        try {
            if (newTip) {
                offered.clear();
            }
            BlockTemplate template = timedTemplate();
            template.transactions().forEach(tx -> offered.put(tx.txid(), tx));
            listener.onTemplate(template, newTip);
        } catch (RuntimeException e) {
            LOG.error("sandbox template failed", e);
        }
    }

    /** Builds the next template, reporting its build time as a node source reports its getblocktemplate call. */
    private BlockTemplate timedTemplate() {
        long start = System.nanoTime();
        try {
            BlockTemplate template = template(refreshCount++);
            fetches.fetched(System.nanoTime() - start);
            return template;
        } catch (RuntimeException e) {
            fetches.failed();
            throw e;
        }
    }

    private BlockTemplate template(long refresh) {
        long height = nextHeight();
        List<TemplateTransaction> txs = SyntheticTransactions.generate(transactionCount, height * 1_000_003L + refresh);
        long fees = txs.stream().mapToLong(TemplateTransaction::fee).sum();
        byte[] commitment = Merkle.witnessCommitmentScript(
                Merkle.witnessCommitment(txs.stream().map(TemplateTransaction::wtxid).toList(), new byte[32]));
        long now = clock.millis() / 1000;
        return new BlockTemplate(height, 0x20000000, tip(), nBits, Math.max(now, tipTime + 1), tipTime + 1,
                subsidy(height) + fees, txs, commitment, null);
    }

    private Hash256 tip() {
        return chain.get(chain.size() - 1);
    }

    private long tipHeight() {
        return genesisHeight + chain.size() - 1;
    }

    private long nextHeight() {
        return genesisHeight + chain.size();
    }

    /** False for a block of an earlier run (a restarted sandbox, or one with another genesis height). */
    private boolean isInChain(long height, Hash256 hash) {
        return height > genesisHeight && chain.get(indexOf(height)).equals(hash);
    }

    private int indexOf(long height) {
        if (height < genesisHeight || height > tipHeight()) {
            throw new IllegalArgumentException("height: " + height + " (expected: " + genesisHeight + ".." + tipHeight() + ")");
        }
        return (int) (height - genesisHeight);
    }

    private SubmitOutcome accept(FoundBlock found) {
        blocks.found(new BlockRecord(found.hash(), found.height(), found.prevHash(), found.user(), found.worker(),
                found.shareDifficulty(), found.networkDifficulty(), found.reward(), BlockStatus.FOUND, null, 0,
                clock.instant(), clock.instant()));
        blocks.updateStatus(found.hash(), BlockStatus.SUBMITTED, null, 0);
        String problem;
        Block block = null;
        try {
            block = Block.parse(found.block());
            if (isStaleRace(block)) {
                String why = "stale: another block was found at height " + found.height() + " first";
                blocks.updateStatus(found.hash(), BlockStatus.ORPHANED, why, 0);
                REJECTED.info("sandbox block {} lost the race at height {}", found.hash(), found.height());
                return SubmitOutcome.rejected(why);
            }
            problem = SandboxRules.check(block, tip(), nextHeight(), nBits, offered);
        } catch (IllegalArgumentException e) {
            problem = "bad-blk-serialization: " + e.getMessage();
        }
        if (problem != null) {
            blocks.updateStatus(found.hash(), BlockStatus.REJECTED, problem, 0);
            REJECTED.warn("sandbox rejected block {} at height {}: {}", found.hash(), found.height(), problem);
            return SubmitOutcome.rejected(problem);
        }
        chain.add(block.hash());
        recentBlocks.put(block.hash(), block);
        tipTime = Math.max(tipTime + 1, block.nTime());
        blocks.updateStatus(found.hash(), BlockStatus.ACCEPTED, null, 1);
        ACCEPTED.info("sandbox accepted block {} at height {}", found.hash(), found.height());
        confirmMatured();
        publish(true);
        return SubmitOutcome.ok();
    }

    /**
     * A valid block on the tip's parent: two miners solved the same height and the other one's block
     * arrived first. A node keeps such a block on a side branch; it never becomes part of the chain.
     */
    private boolean isStaleRace(Block block) {
        int at = chain.lastIndexOf(block.prevHash());
        return at >= 0 && at < chain.size() - 1 && Target.ofCompact(nBits).isMetBy(block.hash())
                && block.computeMerkleRoot().equals(block.merkleRoot());
    }

    /**
     * Confirms accepted blocks at maturity. A block found, submitted or accepted that is not this
     * chain's block at its height is orphaned: within a run every block is settled the moment it is
     * submitted, so it is from an earlier run (a ledger database, or a cluster node's blocks read back
     * from Kafka, outlives the sandbox), and the chain it was on ended with that process.
     */
    private void confirmMatured() {
        long tipHeight = tipHeight();
        for (BlockRecord b : blocks.withStatus(List.of(BlockStatus.FOUND, BlockStatus.SUBMITTED, BlockStatus.ACCEPTED))) {
            int confirmations = (int) (tipHeight - b.height() + 1);
            if (b.height() > tipHeight) {
                blocks.updateStatus(b.hash(), BlockStatus.ORPHANED, "not in this sandbox chain: found on an earlier"
                        + " run of it, which ended with its process", 0);
            } else if (!isInChain(b.height(), b.hash())) {
                blocks.updateStatus(b.hash(), BlockStatus.ORPHANED, "another block at this height", 0);
            } else if (confirmations >= MATURITY && b.status() == BlockStatus.ACCEPTED) {
                blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, confirmations);
            }
        }
    }
}
