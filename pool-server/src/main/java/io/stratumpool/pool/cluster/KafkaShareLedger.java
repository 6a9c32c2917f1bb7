package io.stratumpool.pool.cluster;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.ledger.LedgerRejectedException;
import io.stratumpool.pool.ledger.LedgerStoreException;
import io.stratumpool.pool.ledger.ShareLedger;
import io.stratumpool.pool.ledger.ShareRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share ledger of a {@code stratum} node: each accepted share becomes a {@link ShareEvent} on
 * the shares topic, keyed by user, produced with {@code acks=all} and idempotence. The append's
 * future completes when the broker acknowledged the record (the durable point: the miner's
 * {@code true} waits for it) and fails on a producer error or when {@code cluster.ackTimeoutMillis}
 * passes first (then the miner hears error 20).
 *
 * <p>{@code send} can block (metadata, a full buffer), so it runs on one publisher thread, never on
 * a Netty event loop; one thread also keeps the records of a partition in append order. A failed
 * future never means "stored" but may, after a timeout with a request in flight, be followed by the
 * broker having the record after all: the share is then credited without the miner's {@code true},
 * never the other way round, and the deterministic event id keeps it single.
 *
 * <p>With a spool ({@code cluster.spoolDir}), a share the broker could not take within half the ack
 * timeout (a retriable error: broker down, unreachable, no leader) goes to the local {@link ShareSpool}
 * instead, and its future completes after the spool's fsync; from then on every share goes to the
 * spool (keeping order) until the drainer thread has handed all spooled records to Kafka, in order and
 * acknowledged, and the node switches back. A full spool refuses the share (error 20, counted).
 */
public final class KafkaShareLedger implements ShareLedger {
    private static final Logger log = LoggerFactory.getLogger(KafkaShareLedger.class);
    private static final Logger spoolEvents = LoggerFactory.getLogger("event.cluster-spooling");
    private static final Logger drainedEvents = LoggerFactory.getLogger("event.cluster-spool-drained");
    private static final int DRAIN_BATCH = 500;
    private final KafkaProducer<String, byte[]> producer;
    private final ThreadPoolExecutor publisher;
    private final String topic;
    private final String blocksTopic;
    private final AtomicLong blocksPublished = new AtomicLong();
    /** The first record of each found block, by hash, until its solving share is appended. */
    private final java.util.concurrent.ConcurrentMap<String, CompletableFuture<Void>> blockRecords =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong blockPublishFailures = new AtomicLong();
    private final int nodeId;
    private final long timeoutNanos;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejectedFull = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private final ShareSpool spool;
    private final Thread drainer;
    private final Object modeLock = new Object();
    private volatile boolean spooling;
    /** The block events still unsent in the spool when it opened (a killed node's last ones may be there). */
    private final List<BlockEvent> spooledBlocks;
    private volatile boolean closed;

    /** What the ledger has done so far, for metrics and tests. */
    public record Stats(long acknowledged, long failed, long rejectedFull, int waiting, long spooled, long drained,
            long spoolRejectedFull, long spoolBytes, boolean spooling, long spoolRecords, long blocksPublished,
            long blockPublishFailures) {
    }

    public KafkaShareLedger(ClusterConfig config, int nodeId, int queueCapacity) {
        this.topic = config.sharesTopic();
        this.blocksTopic = config.blocksTopic();
        this.nodeId = nodeId;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.ackTimeoutMillis());
        this.spool = openSpool(config);
        this.producer = new KafkaProducer<>(producerConfig(config, nodeId), new StringSerializer(),
                new ByteArraySerializer());
        this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new NamedThreads("share-publisher"));
        this.spooling = spool != null && !spool.isDrained();
        this.spooledBlocks = spooledBlockEvents(spool);
        this.drainer = spool == null ? null : new Thread(this::runDrainer, "share-spool-drainer");
        if (drainer != null) {
            drainer.setDaemon(true);
            drainer.start();
        }
    }

    private static ShareSpool openSpool(ClusterConfig config) {
        if (config.spoolDir() == null) {
            return null;
        }
        try {
            return new ShareSpool(Path.of(config.spoolDir()), config.spoolMaxBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cluster.spoolDir: cannot open the share spool in " + config.spoolDir(), e);
        }
    }

    private static List<BlockEvent> spooledBlockEvents(ShareSpool spool) {
        List<BlockEvent> blocks = new ArrayList<>();
        if (spool != null) {
            spool.forEachUnread(json -> {
                try {
                    if (ShareEventCodec.isBlock(json)) {
                        blocks.add(ShareEventCodec.decodeBlock(json));
                    }
                } catch (IOException e) {
                    log.warn("an unreadable record in the share spool: {}", e.getMessage());
                }
            });
        }
        return List.copyOf(blocks);
    }

    /**
     * The block events that were waiting in the spool when this ledger opened, in spool order: a node
     * restarted after a crash may not find its newest block records on the blocks topic yet.
     */
    public List<BlockEvent> spooledBlockEvents() {
        return spooledBlocks;
    }

    static Map<String, Object> producerConfig(ClusterConfig config, int nodeId) {
        // With a spool, the broker gets half the ack timeout; the other half is the spool's to use.
        int ackTimeout = config.spoolDir() == null ? config.ackTimeoutMillis() : config.ackTimeoutMillis() / 2;
        int linger = 2;
        int requestTimeout = Math.min(5_000, ackTimeout / 2);
        return Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "stratumpool-node-" + nodeId),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, linger),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(ackTimeout, linger + requestTimeout)),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout),
                Map.entry(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 100),
                Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    }

    @Override
    public CompletableFuture<Void> append(ShareRecord share) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (closed) {
            durable.completeExceptionally(new LedgerRejectedException(LedgerRejectedException.Reason.CLOSED,
                    "share ledger closed"));
            return durable;
        }
        ShareEvent event = ShareEvent.of(nodeId, share);
        send(new Outgoing(topic, event.user(), ShareEventCodec.encode(event), false), durable);
        CompletableFuture<Void> blockRecord = share.block() ? blockRecords.remove(event.hash()) : null;
        // A block-solving share is acknowledged only once its block's record is durable too (when the
        // record was published first, as the sandbox and SiblingHoldback do): no acknowledged block is lost.
        return blockRecord == null ? durable : durable.thenCombine(blockRecord, (a, b) -> null);
    }

    /**
     * Publishes a found block's record (after each change of its status) on the blocks topic, like a
     * share: to Kafka, or to the spool while the broker is away. The future completes when it is
     * durable; the caller retries a failure (block events are rare and must not be lost).
     */
    public CompletableFuture<Void> publishBlock(BlockRecord block) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (closed) {
            durable.completeExceptionally(new LedgerRejectedException(LedgerRejectedException.Reason.CLOSED,
                    "share ledger closed"));
            return durable;
        }
        BlockEvent event = BlockEvent.of(nodeId, block);
        send(new Outgoing(blocksTopic, event.user(), ShareEventCodec.encode(event), true), durable);
        if (blockRecords.size() > 1_000) {
            blockRecords.values().removeIf(CompletableFuture::isDone); // records whose share never came
        }
        blockRecords.putIfAbsent(event.blockHash(), durable);
        return durable.whenComplete((v, error) -> (error == null ? blocksPublished : blockPublishFailures)
                .incrementAndGet());
    }

    private CompletableFuture<Void> send(Outgoing out, CompletableFuture<Void> durable) {
        if (spooling && spoolIfSpooling(out, durable)) {
            return durable;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            publisher.execute(() -> publish(out, deadline, durable));
        } catch (RejectedExecutionException e) {
            rejectedFull.incrementAndGet();
            durable.completeExceptionally(new LedgerRejectedException(LedgerRejectedException.Reason.QUEUE_FULL,
                    "share publisher queue full (" + publisher.getQueue().size() + " shares waiting)"));
        }
        return durable;
    }

    /** In spooling mode the event goes to the spool; false when the node is sending to Kafka directly. */
    private boolean spoolIfSpooling(Outgoing out, CompletableFuture<Void> durable) {
        synchronized (modeLock) {
            if (!spooling) {
                return false;
            }
            toSpool(out, durable);
            return true;
        }
    }

    private void toSpool(Outgoing out, CompletableFuture<Void> durable) {
        spool.append(out.json()).whenComplete((v, error) -> {
            if (error == null) {
                if (!out.block()) {
                    spooled.incrementAndGet();
                }
                durable.complete(null);
            } else {
                if (!out.block()) {
                    failed.incrementAndGet();
                }
                durable.completeExceptionally(error);
            }
        });
    }

    /** The broker could not take an event in time: spool it, and every event after it until drained. */
    private void divertToSpool(Outgoing out, CompletableFuture<Void> durable, Throwable why) {
        synchronized (modeLock) {
            if (!spooling) {
                spooling = true;
                spoolEvents.warn("Kafka not taking shares ({}); spooling locally", why.getMessage());
            }
            toSpool(out, durable);
        }
    }

    private void publish(Outgoing out, long deadline, CompletableFuture<Void> durable) {
        if (spooling && spoolIfSpooling(out, durable)) {
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            fail(durable, new TimeoutException("share waited past the ack timeout before it could be sent"), out);
            return;
        }
        try {
            producer.send(new ProducerRecord<>(out.topic(), out.key(), out.json()), (meta, error) -> {
                if (error == null) {
                    if (!out.block()) {
                        acknowledged.incrementAndGet();
                    }
                    durable.complete(null);
                } else if (spool != null && error instanceof RetriableException && !closed) {
                    divertToSpool(out, durable, error);
                } else {
                    fail(durable, error, out);
                }
            });
        } catch (RetriableException e) {
            if (spool != null && !closed) {
                divertToSpool(out, durable, e);
            } else {
                fail(durable, e, out);
            }
        } catch (RuntimeException e) {
            fail(durable, e, out);
        }
    }

    /** Hands spooled records to Kafka in order; back to direct sending once the spool is empty. */
    private void runDrainer() {
        while (!closed) {
            try {
                if (!spooling || !drainOnce()) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("draining the share spool failed, will retry: {}", e.getMessage());
                sleepQuietly(500);
            }
        }
    }

    /** One batch from the spool to Kafka; true when it was acknowledged (or the spool turned out empty). */
    private boolean drainOnce() throws InterruptedException {
        List<byte[]> records = spool.peek(DRAIN_BATCH);
        if (records.isEmpty()) {
            synchronized (modeLock) {
                if (spool.isDrained()) {
                    spooling = false;
                    compactSpool();
                    drainedEvents.info("share spool drained to Kafka ({} shares so far); sending directly again",
                            drained.get());
                }
            }
            return !spooling;
        }
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>(records.size());
        int shares = 0;
        for (byte[] json : records) {
            Outgoing out = route(json);
            shares += out.block() ? 0 : 1;
            sends.add(producer.send(new ProducerRecord<>(out.topic(), out.key(), json)));
        }
        try {
            for (var f : sends) {
                f.get(timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
            return false; // the broker is still away: the same records are sent again (ids keep them single)
        }
        spool.advance(records);
        drained.addAndGet(shares);
        return true;
    }

    /** A spooled record's topic and key: block events to the blocks topic, shares to the shares topic. */
    private Outgoing route(byte[] json) {
        try {
            return ShareEventCodec.isBlock(json)
                    ? new Outgoing(blocksTopic, ShareEventCodec.decodeBlock(json).user(), json, true)
                    : new Outgoing(topic, ShareEventCodec.decode(json).user(), json, false);
        } catch (IOException e) {
            throw new UncheckedIOException("a spooled record is neither a share nor a block event", e);
        }
    }

    /** One event on its way: its topic, its key (the user, so a user's events keep their order), its bytes. */
    private record Outgoing(String topic, String key, byte[] json, boolean block) {
    }

    private void compactSpool() {
        try {
            spool.compactIfDrained();
        } catch (IOException e) {
            log.warn("could not compact the drained share spool: {}", e.getMessage());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(CompletableFuture<Void> durable, Throwable error, Outgoing out) {
        if (!out.block()) {
            failed.incrementAndGet();
        }
        durable.completeExceptionally(error instanceof TimeoutException
                ? new LedgerRejectedException(LedgerRejectedException.Reason.TIMEOUT,
                        "share not acknowledged by Kafka in time: " + error.getMessage())
                : new LedgerStoreException("share not stored in Kafka: " + error.getMessage(), error));
    }

    public boolean isClosed() {
        return closed;
    }

    public Stats stats() {
        return new Stats(acknowledged.get(), failed.get(), rejectedFull.get(), publisher.getQueue().size(),
                spooled.get(), drained.get(), spool == null ? 0 : spool.rejectedFull(),
                spool == null ? 0 : spool.unreadBytes(), spooling, spool == null ? 0 : spool.unreadRecords(),
                blocksPublished.get(), blockPublishFailures.get());
    }

    /** Sends what is queued, waits for the broker (at most the ack timeout) and stops; the rest fail. */
    @Override
    public void close() {
        closed = true;
        publisher.shutdown();
        Duration timeout = Duration.ofNanos(timeoutNanos);
        try {
            publisher.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Runnable never : publisher.shutdownNow()) {
            never.run(); // past the deadline by now or soon: each fails its future rather than hanging
        }
        if (drainer != null) {
            // Not interrupted first: an interrupt inside FileChannel I/O would close the spool's files.
            try {
                drainer.join(timeout.toMillis());
                if (drainer.isAlive()) {
                    drainer.interrupt();
                    drainer.join(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(timeout);
        if (spool != null) {
            spool.close(); // what is still spooled stays on disk and is drained by the next start
        }
    }
}
