package io.stratumpool.pool.node;

import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockRepository;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.node.config.ConfirmationConfig;
import io.stratumpool.pool.node.config.NodeConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows submitted and accepted blocks until the chain decides: {@code getblockhash(height)}
 * equal to the block's hash gives confirmations = tip height − height + 1 (CONFIRMED at the
 * configured depth, 100 by default); another hash at that height means the block was orphaned.
 * Needs no node wallet. Checks run on its own thread, never overlapping.
 */
public final class BlockConfirmationTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockConfirmationTracker.class);
    private static final Logger confirmedEvent = LoggerFactory.getLogger("event.block-confirmed");
    private static final Logger orphanedEvent = LoggerFactory.getLogger("event.block-orphaned");
    private static final List<BlockStatus> WATCHED = List.of(BlockStatus.SUBMITTED, BlockStatus.ACCEPTED, BlockStatus.ORPHANED);

    private final List<NodeRpcClient> clients;
    private final BlockRepository repository;
    private final ConfirmationConfig confirmations;
    private final ScheduledExecutorService executor;
    private final ExecutorService rpcExecutor;
    private final AtomicBoolean running = new AtomicBoolean();

    public BlockConfirmationTracker(NodeConfig config, BlockRepository repository, NodeRpcListener rpcListener) {
        this.repository = repository;
        this.confirmations = config.confirmations();
        this.executor = Executors.newSingleThreadScheduledExecutor(new NamedThreads("block-confirmations"));
        this.rpcExecutor = Executors.newFixedThreadPool(1, new NamedThreads("block-confirmations-rpc"));
        this.clients = config.endpoints().stream().map(e -> new NodeRpcClient(e, rpcExecutor, rpcListener)).toList();
    }

    /** Checks every configured interval from now on. */
    public void start() {
        long interval = confirmations.checkIntervalMillis();
        executor.scheduleWithFixedDelay(this::scheduledPass, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** One pass over the watched blocks; completes when done (at once if a pass is already running). */
    public CompletableFuture<Void> checkNow() {
        return CompletableFuture.supplyAsync(this::pass, executor).thenCompose(f -> f)
                .exceptionally(e -> {
                    log.warn("confirmation check failed: {}", e.toString());
                    return null;
                });
    }

    private void scheduledPass() {
        try {
            pass().exceptionally(e -> {
                log.warn("confirmation check failed: {}", e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("confirmation check failed", e); // a thrown task would cancel the schedule
        }
    }

    private CompletableFuture<Void> pass() {
        List<BlockRecord> blocks = repository.withStatus(WATCHED);
        if (blocks.isEmpty() || !running.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return chainView(0).thenCompose(view -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (BlockRecord block : blocks) {
                chain = chain.thenCompose(v -> check(view, block));
            }
            return chain;
        }).whenComplete((v, e) -> running.set(false));
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

    private CompletableFuture<Void> check(ChainView view, BlockRecord block) {
        if (block.height() > view.tipHeight()) {
            return CompletableFuture.completedFuture(null); // this node has not reached it (yet)
        }
        if (block.status() == BlockStatus.ORPHANED && view.tipHeight() - block.height() + 1 > ORPHAN_RECHECK_DEPTH) {
            return CompletableFuture.completedFuture(null); // settled: a reorganisation this deep will not come
        }
        return view.client().getBlockHash(block.height()).handleAsync((hash, error) -> {
            if (error != null) {
                log.debug("block {}: getblockhash({}) failed: {}", block.hash(), block.height(), error.toString());
            } else if (hash.equals(block.hash().toHexReversed())) {
                inChain(block, (int) (view.tipHeight() - block.height() + 1));
            } else if (block.status() != BlockStatus.ORPHANED) {
                orphaned(block, hash);
            }
            return null;
        }, executor);
    }

    /**
     * An orphaned block is looked at again while the chain is at most this much deeper than it: a
     * short race can still go our way after a reorganisation (nodes accept a side-branch block
     * quietly), and then it is back in the chain, counting towards confirmation again.
     */
    static final int ORPHAN_RECHECK_DEPTH = 6;

    private void inChain(BlockRecord block, int depth) {
        if (depth >= confirmations.required()) {
            repository.updateStatus(block.hash(), BlockStatus.CONFIRMED, null, depth);
            confirmedEvent.info("block {} at height {} confirmed ({} confirmations, reward {} sat)", block.hash(),
                    block.height(), depth, block.reward());
        } else if (depth != block.confirmations() || block.status() != BlockStatus.ACCEPTED) {
            repository.updateStatus(block.hash(), BlockStatus.ACCEPTED, null, depth);
        }
    }

    private void orphaned(BlockRecord block, String rival) {
        String reason = "height " + block.height() + " now holds block " + rival;
        repository.updateStatus(block.hash(), BlockStatus.ORPHANED, reason, 0);
        orphanedEvent.warn("block {} at height {} orphaned: {} (found by {}.{})", block.hash(), block.height(),
                reason, block.user(), block.worker());
    }

    @Override
    public void close() {
        executor.shutdownNow();
        rpcExecutor.shutdownNow();
    }

    private record ChainView(NodeRpcClient client, long tipHeight) {
    }
}
