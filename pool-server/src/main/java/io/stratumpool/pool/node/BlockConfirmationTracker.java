package io.stratumpool.pool.node;

import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockRecordWriter;
import io.stratumpool.pool.block.BlockRepository;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.node.config.ConfirmationConfig;
import io.stratumpool.pool.node.config.NodeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows submitted and accepted blocks until the chain decides: {@code getblockhash(height)}
 * equal to the block's hash gives confirmations = tip height − height + 1 (CONFIRMED at the
 * configured depth, 100 by default); another hash at that height means the block was orphaned.
 * Needs no node wallet. Checks run on its own thread, never overlapping, one look-up at a time
 * and one per height however many of our blocks share it, at most {@link #HEIGHTS_PER_PASS} heights
 * a pass (taking turns), at bookkeeping priority behind templates and submissions. Status changes
 * go through the pool's {@link BlockRecordWriter}, so a busy database delays them but never loses them.
 */
public final class BlockConfirmationTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockConfirmationTracker.class);
    private static final Logger confirmedEvent = LoggerFactory.getLogger("event.block-confirmed");
    private static final Logger orphanedEvent = LoggerFactory.getLogger("event.block-orphaned");
    private static final List<BlockStatus> WATCHED = List.of(BlockStatus.SUBMITTED, BlockStatus.ACCEPTED, BlockStatus.ORPHANED);
    /** Heights looked up in one pass; the next pass goes on where this one stopped. */
    static final int HEIGHTS_PER_PASS = 100;

    private final List<NodeRpcClient> clients;
    private final BlockRepository repository;
    private final BlockRecordWriter records;
    private final boolean ownsRecords;
    private final ConfirmationConfig confirmations;
    private final ScheduledExecutorService executor;
    private final ExecutorService rpcExecutor;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failedPasses = new AtomicLong();
    private volatile long lastCheckedHeight = -1;

    public BlockConfirmationTracker(NodeConfig config, BlockRepository repository, NodeRpcListener rpcListener) {
        this(config, new BlockRecordWriter(repository), true, rpcListener, NodeRpcGates.withDefaults());
    }

    /** A tracker writing through the pool's shared record writer, its RPCs under the nodes' shared gates. */
    public BlockConfirmationTracker(NodeConfig config, BlockRecordWriter records, NodeRpcListener rpcListener,
            NodeRpcGates gates) {
        this(config, records, false, rpcListener, gates);
    }

    private BlockConfirmationTracker(NodeConfig config, BlockRecordWriter records, boolean ownsRecords,
            NodeRpcListener rpcListener, NodeRpcGates gates) {
        this.repository = records.repository();
        this.records = records;
        this.ownsRecords = ownsRecords;
        this.confirmations = config.confirmations();
        this.executor = Executors.newSingleThreadScheduledExecutor(new NamedThreads("block-confirmations"));
        this.rpcExecutor = Executors.newFixedThreadPool(1, new NamedThreads("block-confirmations-rpc"));
        this.clients = config.endpoints().stream().map(e -> new NodeRpcClient(e,
                Duration.ofMillis(e.requestTimeoutMillis()), rpcExecutor, rpcListener, gates.forEndpoint(e))).toList();
    }

    /** Checks every configured interval from now on. */
    public void start() {
        long interval = confirmations.checkIntervalMillis();
        executor.scheduleWithFixedDelay(this::scheduledPass, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Passes that ran to the end. */
    public long passes() {
        return passes.get();
    }

    /** Passes that failed (node or database unavailable); the next pass does their work. */
    public long failedPasses() {
        return failedPasses.get();
    }

    /** One pass over the watched blocks; completes when done (at once if a pass is already running). */
    public CompletableFuture<Void> checkNow() {
        return CompletableFuture.supplyAsync(this::pass, executor).thenCompose(f -> f)
                .exceptionally(e -> {
                    failedPasses.incrementAndGet();
                    log.warn("confirmation check failed: {}", e.toString());
                    return null;
                });
    }

    private void scheduledPass() {
        try {
            pass().exceptionally(e -> {
                failedPasses.incrementAndGet();
                log.warn("confirmation check failed, the next pass tries again: {}", e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            failedPasses.incrementAndGet();
            log.warn("confirmation check failed, the next pass tries again", e); // a thrown task would cancel the schedule
        }
    }

    private CompletableFuture<Void> pass() {
        if (!running.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        List<BlockRecord> blocks;
        try {
            blocks = repository.withStatus(WATCHED);
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        if (blocks.isEmpty()) {
            running.set(false);
            return CompletableFuture.completedFuture(null);
        }
        return chainView(0).thenCompose(view -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (List<BlockRecord> atHeight : heightsToCheck(view, blocks)) {
                chain = chain.thenCompose(v -> check(view, atHeight));
            }
            return chain;
        }).whenComplete((v, e) -> {
            running.set(false);
            if (e == null) {
                passes.incrementAndGet();
            }
        });
    }

    /** Our blocks grouped by height, the heights that need a look-up now, taking turns when there are many. */
    private List<List<BlockRecord>> heightsToCheck(ChainView view, List<BlockRecord> blocks) {
        TreeMap<Long, List<BlockRecord>> byHeight = new TreeMap<>();
        for (BlockRecord block : blocks) {
            if (block.height() > view.tipHeight()) {
                continue; // this node has not reached it (yet)
            }
            if (block.status() == BlockStatus.ORPHANED && view.tipHeight() - block.height() + 1 > ORPHAN_RECHECK_DEPTH) {
                continue; // settled: a reorganisation this deep will not come
            }
            byHeight.computeIfAbsent(block.height(), h -> new ArrayList<>()).add(block);
        }
        List<List<BlockRecord>> out = new ArrayList<>(byHeight.tailMap(lastCheckedHeight, false).values());
        out.addAll(byHeight.headMap(lastCheckedHeight, true).values());
        return out.size() > HEIGHTS_PER_PASS ? out.subList(0, HEIGHTS_PER_PASS) : out;
    }

    /** The first node (in priority order) that tells its tip height. */
    private CompletableFuture<ChainView> chainView(int index) {
        NodeRpcClient client = clients.get(index);
        return client.getBlockCount().handle((height, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(new ChainView(client, height));
            }
            if (index + 1 < clients.size()) {
                return chainView(index + 1);
            }
            return CompletableFuture.<ChainView>failedFuture(error);
        }).thenCompose(f -> f);
    }

    /** Completes once the node answered and any status change is stored. */
    private CompletableFuture<Void> check(ChainView view, List<BlockRecord> atHeight) {
        long height = atHeight.get(0).height();
        return view.client().getBlockHash(height).handleAsync((hash, error) -> {
            lastCheckedHeight = height;
            if (error != null) {
                log.debug("getblockhash({}) failed: {}", height, error.toString());
                return CompletableFuture.<Void>completedFuture(null);
            }
            List<CompletableFuture<Void>> stored = new ArrayList<>();
            for (BlockRecord block : atHeight) {
                if (hash.equals(block.hash().toHexReversed())) {
                    stored.add(inChain(block, (int) (view.tipHeight() - height + 1)));
                } else if (block.status() != BlockStatus.ORPHANED) {
                    stored.add(orphaned(block, hash));
                }
            }
            return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new));
        }, executor).thenCompose(f -> f);
    }

    /**
     * An orphaned block is looked at again while the chain is at most this much deeper than it: a
     * short race can still go our way after a reorganisation (nodes accept a side-branch block
     * quietly), and then it is back in the chain, counting towards confirmation again.
     */
    static final int ORPHAN_RECHECK_DEPTH = 6;

    private CompletableFuture<Void> inChain(BlockRecord block, int depth) {
        if (depth >= confirmations.required()) {
            confirmedEvent.info("block {} at height {} confirmed ({} confirmations, reward {} sat)", block.hash(),
                    block.height(), depth, block.reward());
            return records.status(block.hash(), BlockStatus.CONFIRMED, null, depth);
        } else if (depth != block.confirmations() || block.status() != BlockStatus.ACCEPTED) {
            return records.status(block.hash(), BlockStatus.ACCEPTED, null, depth);
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> orphaned(BlockRecord block, String rival) {
        String reason = "height " + block.height() + " now holds block " + rival;
        orphanedEvent.warn("block {} at height {} orphaned: {} (found by {}.{})", block.hash(), block.height(),
                reason, block.user(), block.worker());
        return records.status(block.hash(), BlockStatus.ORPHANED, reason, 0);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        rpcExecutor.shutdownNow();
        if (ownsRecords) {
            records.close();
        }
    }

    private record ChainView(NodeRpcClient client, long tipHeight) {
    }
}
