package io.stratumpool.pool.node;

import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockRecordWriter;
import io.stratumpool.pool.block.BlockRepository;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.BlockSubmitter;
import io.stratumpool.pool.block.FoundBlock;
import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.pool.node.config.SubmitConfig;
import io.stratumpool.validator.Hex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a found block with {@code submitblock} to every configured node at once, on its own HTTP
 * clients and threads so it never waits behind template RPCs. Transport failures are retried a
 * few times quickly. The lifecycle goes to the {@link BlockRepository}: FOUND, SUBMITTED, then
 * ACCEPTED (the node took it, or already had it) or REJECTED with the node's reason.
 */
public final class NodeBlockSubmitter implements BlockSubmitter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeBlockSubmitter.class);
    private static final Logger submittedEvent = LoggerFactory.getLogger("event.block-submitted");
    private static final Logger acceptedEvent = LoggerFactory.getLogger("event.block-accepted");
    private static final Logger rejectedEvent = LoggerFactory.getLogger("event.block-rejected");

    private final List<SubmitNode> nodes;
    private final BlockRecordWriter records;
    private final boolean ownsRecords;
    private final List<Consumer<FoundBlock>> acceptedListeners = new CopyOnWriteArrayList<>();
    private final SubmitConfig submit;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final ExecutorService rpcExecutor;

    public NodeBlockSubmitter(NodeConfig config, BlockRepository repository, Clock clock, NodeRpcListener rpcListener) {
        this(config, new BlockRecordWriter(repository), true, clock, rpcListener, NodeRpcGates.withDefaults());
    }

    /** A submitter writing through the pool's shared record writer, its RPCs under the nodes' shared gates. */
    public NodeBlockSubmitter(NodeConfig config, BlockRecordWriter records, Clock clock, NodeRpcListener rpcListener,
            NodeRpcGates gates) {
        this(config, records, false, clock, rpcListener, gates);
    }

    private NodeBlockSubmitter(NodeConfig config, BlockRecordWriter records, boolean ownsRecords, Clock clock,
            NodeRpcListener rpcListener, NodeRpcGates gates) {
        this.records = records;
        this.ownsRecords = ownsRecords;
        this.submit = config.submit();
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(new NamedThreads("block-submit"));
        this.rpcExecutor = Executors.newFixedThreadPool(2, new NamedThreads("block-submit-rpc"));
        Duration timeout = Duration.ofMillis(submit.requestTimeoutMillis());
        this.nodes = config.endpoints().stream()
                .map(e -> new SubmitNode(new NodeRpcClient(e, timeout, rpcExecutor, rpcListener, gates.forEndpoint(e))))
                .toList();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("node.endpoints: empty (expected: at least one node to submit blocks to)");
        }
    }

    /**
     * Called the moment a node accepts one of our blocks, before its record is written: the tip
     * moved, and the next template must be fetched before anything else.
     */
    public void onAccepted(Consumer<FoundBlock> listener) {
        acceptedListeners.add(listener);
    }

    @Override
    public CompletableFuture<SubmitOutcome> submit(FoundBlock block) {
        return CompletableFuture.supplyAsync(() -> start(block), executor).thenCompose(f -> f);
    }

    private CompletableFuture<SubmitOutcome> start(FoundBlock block) {
        String hex = Hex.encode(block.block());
        List<CompletableFuture<SubmitAnswer>> answers = nodes.stream().map(n -> send(n, hex, 1)).toList();
        record(block); // while the node works on it
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenComposeAsync(v -> decide(block, answers.stream().map(CompletableFuture::join).toList()), executor);
    }

    private void record(FoundBlock block) {
        Instant now = clock.instant();
        records.found(new BlockRecord(block.hash(), block.height(), block.prevHash(), block.user(), block.worker(),
                block.shareDifficulty(), block.networkDifficulty(), block.reward(), BlockStatus.FOUND, null, 0,
                now, now));
        records.status(block.hash(), BlockStatus.SUBMITTED, null, 0);
        submittedEvent.info("block {} at height {} found by {}.{} (share difficulty {}), submitted to {}",
                block.hash(), block.height(), block.user(), block.worker(), block.shareDifficulty(), nodes);
    }

    private CompletableFuture<SubmitAnswer> send(SubmitNode node, String hex, int attempt) {
        return node.client().submitBlock(hex).handle((reason, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(SubmitAnswer.answered(node, reason.orElse(null)));
            }
            NodeRpcException e = NodeRpcException.unwrap(error, node.client().name(), "submitblock");
            if (isWorthRetrying(e) && attempt < submit.attempts()) {
                log.warn("submitblock to {} failed (try {} of {}), retrying: {}", node, attempt, submit.attempts(),
                        e.getMessage());
                return CompletableFuture.supplyAsync(() -> null, delayed())
                        .thenCompose(v -> send(node, hex, attempt + 1));
            }
            return CompletableFuture.completedFuture(SubmitAnswer.failed(node, e));
        }).thenCompose(f -> f);
    }

    /** Unreachable, or briefly overloaded (Bitcoin Core's 503 "work queue depth exceeded"). */
    private static boolean isWorthRetrying(NodeRpcException e) {
        return e.kind() == NodeRpcException.Kind.TRANSPORT
                || e.kind() == NodeRpcException.Kind.HTTP && e.httpStatus() >= 500;
    }

    private java.util.concurrent.Executor delayed() {
        return CompletableFuture.delayedExecutor(submit.retryDelayMillis(), TimeUnit.MILLISECONDS, executor);
    }

    private CompletableFuture<SubmitOutcome> decide(FoundBlock block, List<SubmitAnswer> answers) {
        List<SubmitAnswer> accepted = answers.stream().filter(SubmitAnswer::accepted).toList();
        if (!accepted.isEmpty()) {
            return accept(block, accepted, 1);
        }
        List<SubmitAnswer> known = answers.stream().filter(SubmitAnswer::alreadyKnown).toList();
        if (known.isEmpty()) {
            return settle(block, answers);
        }
        // "duplicate"/"inconclusive": the node had it already; it counts once the node shows the block.
        List<CompletableFuture<Boolean>> checks = known.stream().map(a -> hasBlock(a.node(), block)).toList();
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenComposeAsync(v -> {
            List<SubmitAnswer> confirmed = new java.util.ArrayList<>();
            for (int i = 0; i < known.size(); i++) {
                if (checks.get(i).join()) {
                    confirmed.add(known.get(i));
                }
            }
            return confirmed.isEmpty() ? settle(block, answers) : accept(block, confirmed, 0);
        }, executor);
    }

    private CompletableFuture<Boolean> hasBlock(SubmitNode node, FoundBlock block) {
        return node.client().getBlockHeader(block.hash().toHexReversed())
                .handle((header, error) -> error == null && block.hash().toHexReversed().equals(header.path("hash").asText()));
    }

    private CompletableFuture<SubmitOutcome> accept(FoundBlock block, List<SubmitAnswer> by, int confirmations) {
        for (Consumer<FoundBlock> listener : acceptedListeners) {
            try {
                listener.accept(block);
            } catch (RuntimeException e) {
                log.error("block-accepted listener failed for {}", block.hash(), e);
            }
        }
        CompletableFuture<Void> stored = records.status(block.hash(), BlockStatus.ACCEPTED, null, confirmations);
        acceptedEvent.info("block {} at height {} accepted by {} (reward {} sat, found by {}.{})", block.hash(),
                block.height(), by.stream().map(a -> a.node() + (a.reason() == null ? "" : " [" + a.reason() + "]"))
                        .collect(Collectors.joining(", ")), block.reward(), block.user(), block.worker());
        by.forEach(a -> precious(a.node(), block));
        return stored.thenApply(v -> SubmitOutcome.ok());
    }

    /** No node took the block: rejected if any node said why, otherwise left SUBMITTED for the tracker. */
    private CompletableFuture<SubmitOutcome> settle(FoundBlock block, List<SubmitAnswer> answers) {
        SubmitAnswer verdict = answers.stream().filter(a -> a.rejectionReason() != null).findFirst().orElse(null);
        String all = answers.stream().map(SubmitAnswer::describe).collect(Collectors.joining("; "));
        if (verdict == null) {
            submittedEvent.error("block {} at height {} reached no node ({}); it stays SUBMITTED and the "
                    + "confirmation tracker will look for it in the chain", block.hash(), block.height(), all);
            return CompletableFuture.completedFuture(SubmitOutcome.rejected("not submitted: " + all));
        }
        CompletableFuture<Void> stored = records.status(block.hash(), BlockStatus.REJECTED, verdict.rejectionReason(), 0);
        rejectedEvent.error("block {} at height {} rejected: {} (found by {}.{}; answers: {})", block.hash(),
                block.height(), verdict.rejectionReason(), block.user(), block.worker(), all);
        return stored.thenApply(v -> SubmitOutcome.rejected(verdict.rejectionReason()));
    }

    /** Asks the node to prefer our block over a same-height rival; bcoin lacks the call, which is fine. */
    private void precious(SubmitNode node, FoundBlock block) {
        if (node.preciousUnsupported()) {
            return;
        }
        node.client().preciousBlock(block.hash().toHexReversed()).whenComplete((v, error) -> {
            if (error == null) {
                return;
            }
            NodeRpcException e = NodeRpcException.unwrap(error, node.client().name(), "preciousblock");
            if (e.isMethodNotFound()) {
                node.preciousUnsupported(true);
                log.info("node {} has no preciousblock; skipping it from now on", node);
            } else {
                log.warn("preciousblock {} failed: {}", block.hash(), e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
        rpcExecutor.shutdownNow();
        if (ownsRecords) {
            records.close();
        }
    }
}
