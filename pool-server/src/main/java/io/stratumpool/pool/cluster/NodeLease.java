package io.stratumpool.pool.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.pool.concurrent.NamedThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Stratum node's claim on its {@code pool.nodeId} (its extranonce1 prefix): two live nodes with one
 * id would hand miners the same extranonce1 space and the same share ids.
 *
 * <p>A node heartbeats {@code <nodeId, instance>} to {@code cluster.nodesTopic} every fifth of
 * {@code cluster.nodeLeaseMillis}. At start it writes its first heartbeat, then reads the topic back
 * from one lease period ago: a heartbeat for its id from another instance that is younger than the
 * lease and came before its own first one means the id is live elsewhere, and the start is refused.
 * A killed node simply stops heartbeating, so its lease expires; a node shut down cleanly releases it
 * at once. The instance token lives in the node's spool directory, held under an OS file lock: the
 * same node restarted after {@code kill -9} (same directory, lock freed by the kernel) recognises its
 * own heartbeats and starts at once; a second process on the same directory is refused.
 *
 * <p>If the broker is unreachable at start the check cannot be made; the node starts (its shares go
 * to the spool) and says so, and heartbeats once the broker returns.
 */
public final class NodeLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLease.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REACH_BROKER = Duration.ofSeconds(5);

    private final ClusterConfig config;
    private final int nodeId;
    private final String instance;
    private final String host;
    private final Clock clock;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            new NamedThreads("node-lease"));
    private volatile boolean released;

    /** A {@code pool.nodeId} live on another node (or the spool directory in use by another process). */
    public static final class NodeIdInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NodeIdInUseException(String message) {
            super(message);
        }
    }

    /** One heartbeat on the nodes topic; {@code released} marks a clean shutdown. */
    record Heartbeat(int nodeId, String instance, String host, long timeMs, boolean released) {
    }

    private NodeLease(ClusterConfig config, int nodeId, Path dir, Clock clock) {
        this.config = config;
        this.nodeId = nodeId;
        this.clock = clock;
        this.host = hostName();
        try {
            Files.createDirectories(dir);
            this.lockFile = FileChannel.open(dir.resolve("node.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            this.lock = tryLock(lockFile);
            if (lock == null) {
                lockFile.close();
                throw new NodeIdInUseException("cluster.spoolDir: " + dir + " is in use by another running stratum"
                        + " node on this machine (each node needs its own pool.dataDir or cluster.spoolDir)");
            }
            this.instance = instanceToken(dir.resolve("node-instance"));
        } catch (IOException e) {
            throw new UncheckedIOException("cluster.spoolDir: cannot lock " + dir + ": " + e.getMessage(), e);
        }
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "stratumpool-node-" + nodeId + "-lease",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REACH_BROKER.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_BROKER.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) REACH_BROKER.toMillis() * 2,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Claims {@code nodeId}, or throws {@link NodeIdInUseException} with the one line an operator needs.
     * {@code dir} is the node's spool directory (its identity across restarts).
     */
    public static NodeLease acquire(ClusterConfig config, int nodeId, Path dir, Clock clock) {
        NodeLease lease = new NodeLease(config, nodeId, dir, clock);
        try {
            lease.claim();
        } catch (RuntimeException e) {
            lease.closeQuietly();
            throw e;
        }
        long period = Math.max(200, config.nodeLeaseMillis() / 5);
        lease.heartbeats.scheduleWithFixedDelay(lease::beatQuietly, period, period, TimeUnit.MILLISECONDS);
        return lease;
    }

    private void claim() {
        RecordMetadata mine;
        long since = clock.millis() - config.nodeLeaseMillis(); // before our own send, which may be slow
        try {
            mine = send(false).get(REACH_BROKER.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("cannot reach Kafka to check that pool.nodeId {} is not live elsewhere ({}); starting anyway"
                    + " (shares go to the spool), heartbeating once it is back", nodeId, e.getMessage());
            return;
        }
        Heartbeat rival = liveRival(mine, since);
        if (rival != null) {
            try {
                send(true).get(REACH_BROKER.toMillis(), TimeUnit.MILLISECONDS); // withdraw our own claim
            } catch (Exception e) {
                log.debug("withdrawing the refused claim: {}", e.getMessage());
            }
            long age = clock.millis() - rival.timeMs();
            throw new NodeIdInUseException("pool.nodeId: " + nodeId + " is live on another stratum node (host "
                    + rival.host() + ", instance " + rival.instance() + ", last heartbeat " + age + " ms ago): give"
                    + " every node its own pool.nodeId, or stop that node (a killed node's lease expires after "
                    + config.nodeLeaseMillis() + " ms)");
        }
        log.info("pool.nodeId {} claimed (instance {}, lease {} ms on {})", nodeId, instance, config.nodeLeaseMillis(),
                config.nodesTopic());
    }

    /** The newest heartbeat of another instance for this id, younger than the lease, if it came before ours. */
    private Heartbeat liveRival(RecordMetadata mine, long since) {
        TopicPartition ours = new TopicPartition(mine.topic(), mine.partition());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "stratumpool-node-" + nodeId + "-lease-check",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(ours));
            OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(ours, since), REACH_BROKER).get(ours);
            consumer.seek(ours, from == null ? mine.offset() : Math.min(from.offset(), mine.offset()));
            Map<String, Heartbeat> latest = new HashMap<>();
            Map<String, Long> firstOffset = new HashMap<>();
            long deadline = System.nanoTime() + REACH_BROKER.toNanos() * 2;
            while (consumer.position(ours) <= mine.offset() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Heartbeat h = parse(r.value());
                    log.debug("lease record {} {}", r.offset(), h);
                    if (h != null && h.nodeId() == nodeId && !h.instance().equals(instance)) {
                        latest.put(h.instance(), h);
                        firstOffset.putIfAbsent(h.instance(), r.offset());
                    }
                }
            }
            log.debug("lease check for node {}: read from {} to {}, others {}", nodeId, from, mine.offset(), latest);
            // A rival counts only if it was there first: of two nodes starting together, the later one yields.
            return latest.values().stream()
                    .filter(h -> !h.released() && h.timeMs() >= since && firstOffset.get(h.instance()) < mine.offset())
                    .findFirst().orElse(null);
        } catch (KafkaException e) {
            log.warn("cannot read {} to check pool.nodeId {} ({}); starting anyway", config.nodesTopic(), nodeId,
                    e.getMessage());
            return null;
        }
    }

    private java.util.concurrent.Future<RecordMetadata> send(boolean release) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(new Heartbeat(nodeId, instance, host, clock.millis(), release));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return producer.send(new ProducerRecord<>(config.nodesTopic(), Integer.toString(nodeId), json));
    }

    private void beatQuietly() {
        if (!released) {
            try {
                send(false);
            } catch (RuntimeException e) {
                log.debug("node heartbeat not sent: {}", e.getMessage());
            }
        }
    }

    private static Heartbeat parse(byte[] json) {
        try {
            return JSON.readValue(json, Heartbeat.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** The lock, or null when another process (or this one, for another node) holds it. */
    private static FileLock tryLock(FileChannel file) throws IOException {
        try {
            return file.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
            return null;
        }
    }

    private static String instanceToken(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String token = UUID.randomUUID().toString();
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        return token;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** For tests: stops heartbeating without releasing, as a node killed with SIGKILL does. */
    void abandon() {
        released = true;
        heartbeats.shutdownNow();
        producer.close(Duration.ZERO);
        releaseLock();
    }

    /** Releases the id at once (a clean shutdown): the next node with this id need not wait for the lease. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        heartbeats.shutdownNow();
        try {
            send(true).get(REACH_BROKER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("lease release not sent: {}", e.getMessage());
        }
        closeQuietly();
    }

    private void closeQuietly() {
        heartbeats.shutdownNow();
        producer.close(Duration.ofSeconds(1));
        releaseLock();
    }

    private void releaseLock() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            log.debug("releasing the node lock: {}", e.getMessage());
        }
    }
}
