package io.stratumpool.pool.cluster;

import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.ledger.LedgerRejectedException;
import io.stratumpool.pool.ledger.LedgerStoreException;
import io.stratumpool.pool.ledger.ShareLedger;
import io.stratumpool.pool.ledger.ShareRecord;
import java.time.Duration;
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
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
 */
public final class KafkaShareLedger implements ShareLedger {
    private final KafkaProducer<String, byte[]> producer;
    private final ThreadPoolExecutor publisher;
    private final String topic;
    private final int nodeId;
    private final long timeoutNanos;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejectedFull = new AtomicLong();
    private volatile boolean closed;

    /** What the ledger has done so far, for metrics and tests. */
    public record Stats(long acknowledged, long failed, long rejectedFull, int waiting) {
    }

    public KafkaShareLedger(ClusterConfig config, int nodeId, int queueCapacity) {
        this.topic = config.sharesTopic();
        this.nodeId = nodeId;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.ackTimeoutMillis());
        this.producer = new KafkaProducer<>(producerConfig(config, nodeId), new StringSerializer(),
                new ByteArraySerializer());
        this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new NamedThreads("share-publisher"));
    }

    static Map<String, Object> producerConfig(ClusterConfig config, int nodeId) {
        int ackTimeout = config.ackTimeoutMillis();
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
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            publisher.execute(() -> publish(event, deadline, durable));
        } catch (RejectedExecutionException e) {
            rejectedFull.incrementAndGet();
            durable.completeExceptionally(new LedgerRejectedException(LedgerRejectedException.Reason.QUEUE_FULL,
                    "share publisher queue full (" + publisher.getQueue().size() + " shares waiting)"));
        }
        return durable;
    }

    private void publish(ShareEvent event, long deadline, CompletableFuture<Void> durable) {
        if (System.nanoTime() - deadline >= 0) {
            fail(durable, new TimeoutException("share waited past the ack timeout before it could be sent"));
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, event.user(), ShareEventCodec.encode(event)), (meta, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                    durable.complete(null);
                } else {
                    fail(durable, error);
                }
            });
        } catch (RuntimeException e) {
            fail(durable, e);
        }
    }

    private void fail(CompletableFuture<Void> durable, Throwable error) {
        failed.incrementAndGet();
        durable.completeExceptionally(error instanceof TimeoutException
                ? new LedgerRejectedException(LedgerRejectedException.Reason.TIMEOUT,
                        "share not acknowledged by Kafka in time: " + error.getMessage())
                : new LedgerStoreException("share not stored in Kafka: " + error.getMessage(), error));
    }

    public Stats stats() {
        return new Stats(acknowledged.get(), failed.get(), rejectedFull.get(), publisher.getQueue().size());
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
        producer.close(timeout);
    }
}
