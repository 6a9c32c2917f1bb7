package io.stratumpool.pool.cluster;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.LedgerStoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounting side of the cluster: consumes share events ({@code read_committed}, no automatic
 * offset commits) and stores each batch in one database transaction together with the offsets it
 * reaches ({@code kafka_offsets}). On assignment it seeks to the stored offsets, not to Kafka's, so
 * after a crash at any point it resumes exactly where the database stands: a batch is either stored
 * with its offsets or not at all. Event ids make a replayed event (a producer retry, a spool replay)
 * a no-op. A failing store is retried from the stored offsets with backoff.
 */
public final class ShareEventConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShareEventConsumer.class);
    private static final Logger downEvents = LoggerFactory.getLogger("event.accounting-store-down");
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final Database database;
    private final String topic;
    private final String group;
    private final String consumerInstanceId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile boolean closed;
    private volatile java.util.function.Consumer<io.stratumpool.pool.ledger.ShareRecord> onStored = share -> { };

    /** What the consumer has stored so far: events seen in committed batches (replays included). */
    public record Stats(long events, long transactions, long undecodable, long failedAttempts) {
    }

    public ShareEventConsumer(ClusterConfig config, Database database) {
        this.database = database;
        this.topic = config.sharesTopic();
        this.group = config.consumerGroup();
        this.consumerInstanceId = config.consumerInstanceId();
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "share-consumer");
    }

    static Map<String, Object> consumerConfig(ClusterConfig config) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup(),
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.consumerInstanceId(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000,
                ConsumerConfig.RECONNECT_BACKOFF_MS_CONFIG, 100,
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    }

    /**
     * Told about each share after its batch committed (on the consumer thread: keep it quick), e.g. the
     * hashrate tracker. An event replayed after a crash is told again although its row was skipped.
     */
    public ShareEventConsumer onStored(java.util.function.Consumer<io.stratumpool.pool.ledger.ShareRecord> listener) {
        this.onStored = listener;
        return this;
    }

    public ShareEventConsumer start() {
        thread.start();
        return this;
    }

    public Stats stats() {
        return new Stats(events.get(), transactions.get(), undecodable.get(), failedAttempts.get());
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new SeekToStored());
            long backoff = 0;
            while (!closed) {
                if (pollAndStore()) {
                    backoff = 0;
                    continue;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(50, backoff * 2));
                TimeUnit.MILLISECONDS.sleep(backoff);
                // The position is past the batch that was not stored: go back before polling again.
                seekToStoredRetrying(consumer.assignment());
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop
        } catch (FencedInstanceIdException e) {
            log.error("another accounting process with cluster.consumerInstanceId {} took over; this one stops",
                    consumerInstanceId);
        } catch (RuntimeException e) {
            log.error("share consumer stopped", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** One poll; false when its batch could not be stored or the poll failed (then the caller rewinds). */
    private boolean pollAndStore() {
        ConsumerRecords<String, byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(200));
        } catch (WakeupException | FencedInstanceIdException e) {
            throw e;
        } catch (KafkaException e) {
            failedAttempts.incrementAndGet();
            log.warn("polling the shares topic failed, retrying: {}", e.getMessage());
            return false;
        }
        return records.isEmpty() || store(records);
    }

    /** Stores one poll's events and their offsets in one transaction; false when the store failed. */
    private boolean store(ConsumerRecords<String, byte[]> records) {
        List<ShareEvent> batch = new ArrayList<>(records.count());
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            decode(r, batch);
            next.merge(r.partition(), r.offset() + 1, Math::max);
        }
        try {
            database.inTransaction(c -> {
                ShareEventRows.insert(c, batch);
                ShareEventRows.saveOffsets(c, group, topic, next);
                return null;
            });
        } catch (RuntimeException e) {
            if (failedAttempts.incrementAndGet() == 1 || log.isDebugEnabled()) {
                downEvents.warn("storing {} share events failed, retrying from the stored offsets: {}",
                        batch.size(), e.getMessage());
            }
            return false;
        }
        transactions.incrementAndGet();
        events.addAndGet(batch.size());
        for (ShareEvent e : batch) {
            onStored.accept(e.toRecord());
        }
        return true;
    }

    /** A record that is not a share event is logged and passed over: it can never become one. */
    private void decode(ConsumerRecord<String, byte[]> r, List<ShareEvent> batch) {
        try {
            batch.add(ShareEventCodec.decode(r.value()));
        } catch (IOException | RuntimeException e) {
            undecodable.incrementAndGet();
            log.error("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private void seekToStored(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> stored = database.query(c -> ShareEventRows.offsets(c, group, topic));
        for (TopicPartition tp : partitions) {
            Long offset = stored.get(tp.partition());
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        }
        log.info("share consumer positioned at the stored offsets {} for {}", stored, partitions);
    }

    /** Seeks to the stored offsets, retrying while the database is down: never polls from an unknown place. */
    private void seekToStoredRetrying(Collection<TopicPartition> partitions) {
        long backoff = 50;
        while (!closed) {
            try {
                seekToStored(partitions);
                return;
            } catch (LedgerStoreException storeDown) {
                failedAttempts.incrementAndGet();
                log.warn("reading the stored offsets failed, retrying: {}", storeDown.getMessage());
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        throw new WakeupException(); // closing: stop without polling again
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /** Kafka's own committed offsets are never used: the database's are the truth. */
    private final class SeekToStored implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            seekToStoredRetrying(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing to flush: every stored batch already carries its offsets
        }
    }

    /** Stops polling; a batch in its transaction finishes (or rolls back) first. */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
