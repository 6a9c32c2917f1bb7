package io.stratumpool.pool.cluster;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restarted {@code stratum} node's own found blocks, read back from the blocks topic so it can go
 * on following those the chain has not settled yet: the newest record per block hash of this
 * {@code pool.nodeId}, read {@code read_committed} up to the end offsets taken at start, merged with
 * the block events still waiting in the node's spool (newest {@code updatedMs} wins, as in accounting).
 * Settled blocks (confirmed, rejected) and siblings (never submitted; their bytes died with the old
 * process) are left out.
 */
public final class OwnBlockRecords {
    private static final Logger log = LoggerFactory.getLogger(OwnBlockRecords.class);
    private static final Logger resumedEvent = LoggerFactory.getLogger("event.blocks-resumed");
    /** The statuses a restarted node takes up again. */
    static final Set<BlockStatus> UNSETTLED =
            EnumSet.of(BlockStatus.FOUND, BlockStatus.SUBMITTED, BlockStatus.ACCEPTED, BlockStatus.ORPHANED);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_MILLIS = 5_000;

    private OwnBlockRecords() {
    }

    /**
     * Reads the node's unsettled blocks and hands them to {@code restore}: at once when the broker
     * answers within {@code timeout}, otherwise from a background thread that tries again every
     * five seconds until it does (or {@code stopped} says the node is shutting down).
     */
    public static void resume(ClusterConfig config, int nodeId, List<BlockEvent> spooled, Duration timeout,
            Consumer<List<BlockRecord>> restore, java.util.function.BooleanSupplier stopped) {
        if (tryResume(config, nodeId, spooled, timeout, restore)) {
            return;
        }
        Thread retry = new Thread(() -> {
            while (!stopped.getAsBoolean() && !tryResume(config, nodeId, spooled, timeout, restore)) {
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "blocks-read-back");
        retry.setDaemon(true);
        retry.start();
    }

    private static boolean tryResume(ClusterConfig config, int nodeId, List<BlockEvent> spooled, Duration timeout,
            Consumer<List<BlockRecord>> restore) {
        List<BlockRecord> unsettled;
        try {
            unsettled = unsettled(merge(read(config, nodeId, timeout), spooled, nodeId));
        } catch (KafkaException e) {
            log.warn("cannot read this node's blocks back from {} ({}); blocks awaiting confirmation are followed"
                    + " once it answers", config.blocksTopic(), e.getMessage());
            return false;
        }
        restore.accept(unsettled);
        resumedEvent.info("node {} follows {} of its blocks again (read back from {}{})", nodeId, unsettled.size(),
                config.blocksTopic(), spooled.isEmpty() ? "" : " and " + spooled.size() + " spooled block events");
        return true;
    }

    /** This node's block events on the topic, from the beginning to the end offsets at start. */
    static List<BlockEvent> read(ClusterConfig config, int nodeId, Duration timeout) {
        List<BlockEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "stratumpool-node-" + nodeId + "-blocks",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.blocksTopic(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return events; // the topic does not exist yet: no block was ever published
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end, timeout)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("reading " + config.blocksTopic() + " back took over " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        decode(r, nodeId, events);
                    }
                }
            }
        }
        return events;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end, Duration timeout) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
    }

    private static void decode(ConsumerRecord<String, byte[]> r, int nodeId, List<BlockEvent> into) {
        try {
            BlockEvent event = ShareEventCodec.decodeBlock(r.value());
            if (event.nodeId() == nodeId) {
                into.add(event);
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("skipping undecodable block record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
        }
    }

    /** The newest record per block of this node: the topic's, then the spool's, newest {@code updatedMs} winning. */
    static Collection<BlockRecord> merge(List<BlockEvent> topic, List<BlockEvent> spooled, int nodeId) {
        Map<String, BlockEvent> newest = new LinkedHashMap<>();
        for (List<BlockEvent> events : List.of(topic, spooled)) {
            for (BlockEvent e : events) {
                if (e.nodeId() == nodeId) {
                    newest.merge(e.blockHash(), e, (a, b) -> b.updatedMs() > a.updatedMs() ? b : a);
                }
            }
        }
        return newest.values().stream().map(BlockEvent::toRecord).toList();
    }

    /** The blocks to follow again, oldest first. */
    static List<BlockRecord> unsettled(Collection<BlockRecord> newest) {
        return newest.stream().filter(b -> UNSETTLED.contains(b.status()))
                .sorted(Comparator.comparing(BlockRecord::foundAt)).toList();
    }
}
