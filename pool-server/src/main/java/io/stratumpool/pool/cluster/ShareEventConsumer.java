package io.stratumpool.pool.cluster;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.Dialect;
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
 * with its offsets or not at all. A replayed event (a producer retry, a spool replay) repeats its
 * share's header hash, the table's unique key, so it is a no-op. A failing store is retried from the
 * stored offsets with backoff. Several processes may share the group: each transaction first locks
 * its partitions' offset rows and stores nothing if another consumer already stored past the batch's
 * first offset (a consumer still holding partitions that a rebalance gave to another), so two owners
 * of a partition can never both store it.
 */
public final class ShareEventConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShareEventConsumer.class);
    private static final Logger downEvents = LoggerFactory.getLogger("event.accounting-store-down");
    private static final Logger blockLog = LoggerFactory.getLogger("event.block-recorded");
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final Database database;
    private final String topic;
    private final String blocksTopic;
    private final String group;
    private final String consumerInstanceId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong newShares = new AtomicLong();
    private final AtomicLong blockEvents = new AtomicLong();
    private volatile Map<String, Long> lagByTopic = Map.of();
    private volatile boolean closed;
    private volatile java.util.function.Consumer<io.stratumpool.pool.ledger.ShareRecord> onStored = share -> { };

    /**
     * What the consumer has stored so far: share events seen in committed batches (replays included),
     * of them the shares that were new rows, block events applied, and the records each topic still
     * has to deliver past this consumer's position (its lag, as of the last poll).
     */
    public record Stats(long events, long transactions, long undecodable, long failedAttempts, long newShares,
            long blockEvents, Map<String, Long> lagByTopic) {
        public long lag() {
            return lagByTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public ShareEventConsumer(ClusterConfig config, Database database) {
        this.database = database;
        this.topic = config.sharesTopic();
        this.blocksTopic = config.blocksTopic();
        this.group = config.consumerGroup();
        this.consumerInstanceId = config.consumerInstanceId();
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "share-consumer");
    }

    static Map<String, Object> consumerConfig(ClusterConfig config) {
        return Map.ofEntries(
                Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                Map.entry(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup()),
                Map.entry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.consumerInstanceId()),
                Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.consumerSessionTimeoutMillis()),
                Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                Map.entry(ConsumerConfig.RECONNECT_BACKOFF_MS_CONFIG, 100),
                Map.entry(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    }

    /**
     * Told about each new share after its batch committed (on the consumer thread: keep it quick), e.g.
     * the hashrate tracker. A replayed event whose row was already stored is not told again, so the
     * tracker rebuilt from the table at start never counts a share twice.
     */
    public ShareEventConsumer onStored(java.util.function.Consumer<io.stratumpool.pool.ledger.ShareRecord> listener) {
        this.onStored = listener;
        return this;
    }

    public ShareEventConsumer start() {
        thread.start();
        return this;
    }

    /** True while the consumer thread runs (it stops on close or when another process fenced it). */
    public boolean isRunning() {
        return thread.isAlive();
    }

    public Stats stats() {
        return new Stats(events.get(), transactions.get(), undecodable.get(), failedAttempts.get(), newShares.get(),
                blockEvents.get(), lagByTopic);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic, blocksTopic), new SeekToStored());
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
        boolean stored = records.isEmpty() || store(records);
        if (stored) {
            measureLag();
        }
        return stored;
    }

    /** Records between this consumer's position and each partition's end, summed by topic. */
    private void measureLag() {
        Map<String, Long> lag = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            lag.merge(tp.topic(), consumer.currentLag(tp).orElse(0), Long::sum);
        }
        lag.putIfAbsent(topic, 0L);
        lag.putIfAbsent(blocksTopic, 0L);
        lagByTopic = Map.copyOf(lag);
    }

    /** Stores one poll's events and their offsets in one transaction; false when the store failed. */
    private boolean store(ConsumerRecords<String, byte[]> records) {
        List<ShareEvent> batch = new ArrayList<>(records.count());
        List<BlockEvent> blocks = new ArrayList<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.topic().equals(blocksTopic)) {
                decodeBlock(r, blocks);
            } else {
                decode(r, batch);
            }
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.merge(tp, r.offset(), Math::min);
            next.merge(tp, r.offset() + 1, Math::max);
        }
        boolean postgresql = database.dialect() == Dialect.POSTGRESQL;
        boolean[] inserted;
        try {
            inserted = database.inTransaction(c -> {
                database.lockShareInsertsShared(c);
                if (!ShareEventRows.claimOffsets(c, group, first, postgresql)) {
                    return null;
                }
                boolean[] fresh = ShareEventRows.insert(c, batch, postgresql);
                ShareEventRows.upsertBlocks(c, blocks);
                ShareEventRows.saveOffsets(c, group, next);
                return fresh;
            });
        } catch (RuntimeException e) {
            if (failedAttempts.incrementAndGet() == 1 || log.isDebugEnabled()) {
                downEvents.warn("storing {} share events failed, retrying from the stored offsets: {}",
                        batch.size(), e.getMessage());
            }
            return false;
        }
        if (inserted == null) {
            failedAttempts.incrementAndGet();
            log.warn("another consumer of group {} stored past this batch's offsets {} (a rebalance this process had not"
                    + " seen yet): nothing stored, re-reading from the stored offsets", group, first);
            return false;
        }
        transactions.incrementAndGet();
        events.addAndGet(batch.size());
        blockEvents.addAndGet(blocks.size());
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i]) {
                newShares.incrementAndGet();
                onStored.accept(batch.get(i).toRecord());
            }
        }
        for (BlockEvent b : blocks) {
            blockLog.debug("block {} at height {} by {} from node {}: {}", b.blockHash(), b.height(), b.user(),
                    b.nodeId(), b.status().toLowerCase(java.util.Locale.ROOT));
        }
        return true;
    }

    private void decodeBlock(ConsumerRecord<String, byte[]> r, List<BlockEvent> blocks) {
        try {
            blocks.add(ShareEventCodec.decodeBlock(r.value()));
        } catch (IOException | RuntimeException e) {
            undecodable.incrementAndGet();
            log.error("skipping undecodable block record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
        }
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
        Map<TopicPartition, Long> stored = database.query(c -> ShareEventRows.offsets(c, group));
        for (TopicPartition tp : partitions) {
            Long offset = stored.get(tp);
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
