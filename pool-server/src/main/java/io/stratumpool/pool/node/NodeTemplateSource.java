package io.stratumpool.pool.node;

import io.stratumpool.pool.concurrent.NamedThreads;
import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.job.TemplateFetchObserver;
import io.stratumpool.pool.job.TemplateListener;
import io.stratumpool.pool.job.TemplateSource;
import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.pool.node.config.NodeEndpointConfig;
import io.stratumpool.pool.node.config.TipDetectionConfig;
import io.stratumpool.pool.node.config.TipDetectionMode;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Templates from one or more Bitcoin nodes. A new tip (ZMQ hashblock, long poll, or
 * getbestblockhash polling) fetches a template at once and delivers it with newTip=true; a timer
 * refreshes it for new transactions with newTip=false; a template with the same work as the last
 * one (timestamps aside) is not delivered again except by that timer. A long poll or ZMQ feed that
 * errs or stays silent degrades tip detection to polling ({@link TipMethodHealth}), never the node:
 * only a failing getblocktemplate marks a node down. All state lives on one scheduler thread;
 * RPC runs asynchronously on a small pool, so nothing here ever blocks, let alone an event loop.
 */
public final class NodeTemplateSource implements TemplateSource {
    private static final Logger log = LoggerFactory.getLogger(NodeTemplateSource.class);
    private static final Logger templateRejectedEvent = LoggerFactory.getLogger("event.template-rejected");

    /**
     * What asked for a template. newTip is decided by comparing previous-block hashes; the trigger
     * says whether unchanged work is sent again (only for REFRESH) and whether the long poll or ZMQ
     * should have reported the tip too.
     */
    enum Trigger { START, REFRESH, POLL_FAILED, TIP_POLL, TIP_ZMQ, TIP_LONGPOLL, FAILOVER, RECOVERY, OWN_BLOCK }

    /**
     * How long the better tip method (long poll, ZMQ) may lag behind a new tip the fallback poll
     * found before it counts as silent.
     */
    static final long SILENCE_GRACE_MILLIS = 2_000;

    private final NodeConfig config;
    private final TipDetectionConfig tip;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService rpcExecutor;
    private final NodeFailover failover;
    private final BlockProposer proposer;
    private final NodeSourceStats stats = new NodeSourceStats();
    private final Clock clock;
    private volatile TemplateListener listener;
    private volatile boolean closed;
    private ZmqHashBlockSubscriber zmq;

    // Confined to the scheduler thread.
    private boolean fetchInFlight;
    private volatile TemplateFetchObserver fetchObserver = TemplateFetchObserver.NONE;
    private long fetchStartedNanos;
    private Trigger pendingTrigger;
    private BlockTemplate lastDelivered;
    private Hash256 knownTip;
    private boolean pollInFlight;
    private long lastPollNanos;
    private boolean longPollInFlight;
    private NodeHandle longPollNode;
    private long longPollGeneration;
    private boolean longPollUnsupported;
    private String lastLongPollId;
    private boolean longPollRetryScheduled;
    private final TipMethodHealth tipHealth;
    /** The last tips the long poll or ZMQ reported (blocks can come faster than the silence grace). */
    private final Set<Hash256> tipsFromBetterMethod = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash256, Boolean> eldest) {
            return size() > 256;
        }
    });

    public NodeTemplateSource(NodeConfig config, Clock clock, NodeRpcListener rpcListener) {
        this(config, clock, rpcListener, NodeRpcGates.withDefaults());
    }

    /** A source whose RPCs pass the nodes' gates, shared with the pool's block submitter and confirmation tracker. */
    public NodeTemplateSource(NodeConfig config, Clock clock, NodeRpcListener rpcListener, NodeRpcGates gates) {
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("node config: " + String.join("; ", problems));
        }
        this.config = config;
        this.tip = config.tipDetection();
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new NamedThreads("node-template"));
        this.rpcExecutor = Executors.newFixedThreadPool(2, new NamedThreads("node-rpc"));
        List<NodeHandle> nodes = new ArrayList<>();
        for (NodeEndpointConfig endpoint : config.endpoints()) {
            nodes.add(new NodeHandle(new NodeRpcClient(endpoint, Duration.ofMillis(endpoint.requestTimeoutMillis()),
                    rpcExecutor, rpcListener, gates.forEndpoint(endpoint)), nodes.size()));
        }
        Backoff backoff = new Backoff(config.retry().initialBackoffMillis(), config.retry().maxBackoffMillis());
        this.failover = new NodeFailover(nodes, scheduler, backoff, clock, stats, this::onRecovered);
        this.proposer = new BlockProposer(config.proposals(), failover::active);
        this.tipHealth = new TipMethodHealth(tip.mode() == TipDetectionMode.ZMQ ? "ZMQ hashblock" : "long poll");
    }

    @Override
    public void start(TemplateListener templateListener) {
        this.listener = templateListener;
        scheduler.execute(safely(() -> requestTemplate(Trigger.START)));
        long refresh = config.refreshIntervalMillis();
        scheduler.scheduleWithFixedDelay(safely(() -> requestTemplate(Trigger.REFRESH)), refresh, refresh,
                TimeUnit.MILLISECONDS);
        // One tick at the fast interval; each tick decides whether this mode polls now (see pollTick).
        long tick = tip.pollIntervalMillis();
        scheduler.scheduleWithFixedDelay(safely(this::pollTick), tick, tick, TimeUnit.MILLISECONDS);
        if (tip.mode() == TipDetectionMode.ZMQ) {
            zmq = new ZmqHashBlockSubscriber(tip.zmqEndpoint(), hash -> scheduler.execute(safely(() -> onZmqHashBlock(hash))));
            zmq.start();
        }
        log.info("template source started: nodes {}, tip detection {}, refresh every {} ms",
                failover.nodes(), tip.mode().configName(), refresh);
    }

    public NodeSourceStats stats() {
        return stats;
    }

    @Override
    public String kind() {
        return "node";
    }

    /** Up while at least one node serves templates. */
    @Override
    public boolean isUp() {
        return !closed && failover.active() != null;
    }

    @Override
    public void observeFetches(TemplateFetchObserver observer) {
        this.fetchObserver = observer;
    }

    /**
     * The pool's own block was just accepted: the tip moved, so fetch the next template now
     * rather than at the next poll or notification (whichever tip detection is configured).
     */
    public void tipMovedByOwnBlock() {
        if (!closed) {
            scheduler.execute(safely(() -> requestTemplate(Trigger.OWN_BLOCK)));
        }
    }

    /** True while the configured long poll or ZMQ subscription is distrusted and the source polls instead. */
    public boolean tipDetectionDegraded() {
        return tipHealth.degraded();
    }

    /** The name of the node serving templates now, or empty when all are down. */
    public Optional<String> activeNode() {
        return Optional.ofNullable(failover.active()).map(NodeHandle::name);
    }

    /**
     * BIP23: asks the serving node to check the block (its proof of work aside). Empty when the node
     * finds it valid, cannot be asked, or does not support proposals (remembered per node); otherwise
     * the node's reason. "inconclusive-not-best-prevblk" means the tip moved on: the job is stale anyway.
     */
    @Override
    public CompletableFuture<Optional<String>> propose(BlockTemplate template, byte[] block) {
        return closed ? CompletableFuture.completedFuture(Optional.empty()) : proposer.propose(template, block);
    }

    @Override
    public void close() {
        closed = true;
        failover.close();
        if (zmq != null) {
            zmq.close();
        }
        scheduler.shutdownNow();
        rpcExecutor.shutdownNow();
        log.info("template source stopped: {}", stats);
    }

    /** A periodic task that throws is never run again: log instead, and keep the schedule alive. */
    private static Runnable safely(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("template source task failed", e);
            }
        };
    }

    private void requestTemplate(Trigger trigger) {
        if (closed) {
            return;
        }
        pendingTrigger = pendingTrigger == null || trigger.ordinal() > pendingTrigger.ordinal() ? trigger : pendingTrigger;
        if (!fetchInFlight) {
            startFetch();
        }
    }

    private void startFetch() {
        NodeHandle node = failover.active();
        if (node == null || closed) {
            return; // stays pending until a node recovers
        }
        Trigger trigger = pendingTrigger;
        pendingTrigger = null;
        fetchInFlight = true;
        fetchStartedNanos = System.nanoTime();
        node.client().getBlockTemplate().whenCompleteAsync((json, error) -> onFetched(node, trigger, json, error),
                scheduler);
    }

    private void onFetched(NodeHandle node, Trigger trigger, JsonNode json, Throwable error) {
        fetchInFlight = false;
        if (error != null) {
            fetchObserver.failed();
            requestAgainLater(trigger);
            onRpcFailure(node, error, "getblocktemplate");
        } else {
            fetchObserver.fetched(System.nanoTime() - fetchStartedNanos);
            failover.succeeded(node);
            accept(node, json, trigger);
        }
        if (pendingTrigger != null && !fetchInFlight) {
            startFetch();
        }
    }

    private void requestAgainLater(Trigger trigger) {
        if (pendingTrigger == null || trigger.ordinal() > pendingTrigger.ordinal()) {
            pendingTrigger = trigger;
        }
    }

    private void accept(NodeHandle node, JsonNode json, Trigger trigger) {
        ParsedTemplate parsed;
        try {
            parsed = TemplateParser.parse(json);
        } catch (TemplateParseException | RuntimeException e) {
            stats.templatesRejected.incrementAndGet();
            knownTip = TemplateParser.prevHashOrNull(json); // no re-fetch storm; the refresh timer tries again
            templateRejectedEvent.error("template from node {} refused, no job made ({}): {}", node,
                    e instanceof TemplateParseException t ? t.reason() : e.getClass().getSimpleName(), e.getMessage());
            return;
        }
        knownTip = parsed.template().prevHash();
        boolean tipMoved = lastDelivered != null && !lastDelivered.prevHash().equals(knownTip);
        deliver(parsed.template(), trigger);
        if (tipMoved && (trigger == Trigger.TIP_POLL || trigger == Trigger.OWN_BLOCK || trigger == Trigger.REFRESH)) {
            watchBetterMethod(node, knownTip);
        }
        if (parsed.longPollId() != null) {
            lastLongPollId = parsed.longPollId();
        }
        if (node == failover.active() && !tipHealth.degraded()) {
            startLongPoll(node, parsed.longPollId());
        }
    }

    private void deliver(BlockTemplate template, Trigger trigger) {
        boolean newTip = lastDelivered == null || !lastDelivered.prevHash().equals(template.prevHash());
        if (!newTip && trigger != Trigger.REFRESH && TemplateChange.sameWork(lastDelivered, template)) {
            stats.unchangedSkipped.incrementAndGet();
            log.debug("template for height {} unchanged (via {}): no new work", template.height(), trigger);
            return; // only the refresh timer sends unchanged work again (for a newer nTime)
        }
        lastDelivered = template;
        stats.delivered(clock.instant());
        if (newTip) {
            stats.newTips.incrementAndGet();
            log.info("new tip: template for height {} on {} ({} transactions, via {})", template.height(),
                    template.prevHash(), template.transactions().size(), trigger);
        } else {
            log.debug("template refresh for height {} ({} transactions, via {})", template.height(),
                    template.transactions().size(), trigger);
        }
        try {
            listener.onTemplate(template, newTip);
        } catch (RuntimeException e) {
            stats.listenerFailures.incrementAndGet();
            log.error("template listener failed for height {}", template.height(), e);
        }
    }

    private void onRpcFailure(NodeHandle node, Throwable error, String method) {
        NodeRpcException e = NodeRpcException.unwrap(error, node.name(), method);
        stats.rpcFailures.incrementAndGet();
        boolean wasActive = node == failover.active();
        failover.failed(node, e);
        if (wasActive && failover.active() != null) {
            requestTemplate(Trigger.FAILOVER);
        }
    }

    private void onRecovered(NodeHandle node) {
        if (node == failover.active()) {
            requestTemplate(Trigger.RECOVERY);
        }
    }

    private void pollTick() {
        long interval = tip.mode() == TipDetectionMode.POLL || longPollUnsupported || tipHealth.degraded()
                ? tip.pollIntervalMillis() : tip.fallbackPollIntervalMillis();
        NodeHandle node = failover.active();
        if (closed || pollInFlight || interval <= 0 || node == null
                || System.nanoTime() - lastPollNanos < TimeUnit.MILLISECONDS.toNanos(interval) - 1_000_000) {
            return;
        }
        pollInFlight = true;
        lastPollNanos = System.nanoTime();
        node.client().getBestBlockHash().whenCompleteAsync((hash, error) -> {
            pollInFlight = false;
            if (error != null) {
                pollFailed(node, NodeRpcException.unwrap(error, node.name(), "getbestblockhash"));
                return;
            }
            onBestBlockHash(node, hash);
        }, scheduler);
    }

    private void onBestBlockHash(NodeHandle node, String hashHex) {
        if (hashHex.length() != 64 || !Hex.isHex(hashHex)) {
            pollFailed(node, NodeRpcException.malformed(node.name(), "getbestblockhash",
                    "\"" + hashHex + "\" is not a block hash"));
            return;
        }
        if (!Hash256.fromHexReversed(hashHex).equals(knownTip)) {
            requestTemplate(Trigger.TIP_POLL);
        }
    }

    /**
     * A failed poll says nothing certain about the node: only getblocktemplate marks a node down,
     * so ask for a template (which is delivered only if the work changed).
     */
    private void pollFailed(NodeHandle node, NodeRpcException e) {
        stats.rpcFailures.incrementAndGet();
        log.debug("getbestblockhash on {} failed, asking for a template instead: {}", node, e.getMessage());
        requestTemplate(Trigger.POLL_FAILED);
    }

    /**
     * A new tip came by another way than the long poll or ZMQ (the poll, our own accepted block):
     * the better method must report it too within the grace period, or it is silent.
     */
    private void watchBetterMethod(NodeHandle node, Hash256 tipHash) {
        boolean better = tip.mode() == TipDetectionMode.ZMQ || tip.mode() == TipDetectionMode.LONGPOLL && !longPollUnsupported;
        if (!better || tipHealth.degraded()) {
            return;
        }
        scheduler.schedule(safely(() -> {
            if (!closed && !tipHealth.degraded() && !tipsFromBetterMethod.contains(tipHash)) {
                betterMethodFailed(node, "silent: block " + tipHash + " came only through polling");
            }
        }), SILENCE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void betterMethodFailed(NodeHandle node, String reason) {
        long retry = tipHealth.failed(node, reason, tip.pollIntervalMillis(), System.nanoTime());
        stats.tipDetectionFailures.incrementAndGet();
        if (tip.mode() == TipDetectionMode.LONGPOLL && !longPollRetryScheduled) {
            longPollRetryScheduled = true;
            scheduler.schedule(safely(this::retryLongPoll), retry, TimeUnit.MILLISECONDS);
        }
    }

    private void retryLongPoll() {
        longPollRetryScheduled = false;
        NodeHandle node = failover.active();
        if (closed) {
            return;
        }
        if (node == null || lastLongPollId == null) {
            longPollRetryScheduled = true; // no node serving now: look again later
            scheduler.schedule(safely(this::retryLongPoll), tip.longPollTimeoutMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        startLongPoll(node, lastLongPollId);
    }

    private void onZmqHashBlock(Hash256 hash) {
        stats.zmqNotifications.incrementAndGet();
        tipsFromBetterMethod.add(hash);
        if (!hash.equals(knownTip)) {
            NodeHandle node = failover.active();
            if (node != null) {
                tipHealth.succeeded(node); // ZMQ told us first
            }
            requestTemplate(Trigger.TIP_ZMQ);
        }
    }

    /** Keeps one BIP22 long poll open on the serving node; its answer is the next template. */
    private void startLongPoll(NodeHandle node, String longPollId) {
        if (tip.mode() != TipDetectionMode.LONGPOLL || closed) {
            return;
        }
        if (longPollId == null) {
            if (!longPollUnsupported) {
                longPollUnsupported = true;
                log.warn("node {} gives no longpollid: detecting tips by polling getbestblockhash every {} ms",
                        node, tip.pollIntervalMillis());
            }
            return;
        }
        if (longPollInFlight && longPollNode == node) {
            return;
        }
        long generation = ++longPollGeneration;
        longPollInFlight = true;
        longPollNode = node;
        node.client().getBlockTemplate(longPollId, Duration.ofMillis(tip.longPollTimeoutMillis()))
                .whenCompleteAsync((json, error) -> onLongPoll(node, generation, longPollId, json, error), scheduler);
    }

    private void onLongPoll(NodeHandle node, long generation, String longPollId, JsonNode json, Throwable error) {
        if (generation != longPollGeneration) {
            return; // superseded by a long poll on another node
        }
        longPollInFlight = false;
        if (closed) {
            return;
        }
        if (error == null) {
            stats.longPollReturns.incrementAndGet();
            Hash256 reported = TemplateParser.prevHashOrNull(json);
            if (reported != null) {
                tipsFromBetterMethod.add(reported);
            }
            tipHealth.succeeded(node);
            failover.succeeded(node);
            accept(node, json, Trigger.TIP_LONGPOLL);
            return;
        }
        NodeRpcException e = NodeRpcException.unwrap(error, node.name(), "getblocktemplate");
        if (e.isTimeout() && node == failover.active()) {
            startLongPoll(node, longPollId); // nothing changed for a while: ask again
        } else {
            // An erring long poll degrades tip detection, not the node: polling takes over, and the
            // plain getblocktemplate calls decide whether the node is down.
            stats.rpcFailures.incrementAndGet();
            betterMethodFailed(node, e.getMessage());
        }
    }
}
