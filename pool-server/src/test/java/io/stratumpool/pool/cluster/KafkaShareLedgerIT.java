package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.LedgerRejectedException;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.ledger.Shares;
import io.stratumpool.pool.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Stratum side against a real broker: acknowledged means on the topic; no broker means a failed future. */
class KafkaShareLedgerIT {
    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void everyAcknowledgedShareIsOnTheTopicOnceWithItsFields() throws Exception {
        String topic = "shares-ack";
        broker.createTopic(topic, 1);
        ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), topic, null, 10_000, null, null, null, null, null, null, null);
        List<ShareRecord> shares = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        long started = System.nanoTime();
        try (var ledger = new KafkaShareLedger(config, 7, 10_000)) {
            for (int i = 0; i < 2_000; i++) {
                ShareRecord s = Shares.share("user" + (i % 5), "w" + (i % 3), 1 << (i % 4), Instant.ofEpochMilli(1_700_000_000_000L + i));
                shares.add(s);
                acks.add(ledger.append(s));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(2_000, ledger.stats().acknowledged());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("KafkaShareLedgerIT: 2000 shares acknowledged by the broker in %.2f s (%.0f shares/s)%n",
                seconds, 2_000 / seconds);
        List<ShareEvent> events = TopicReader.readAll(broker, topic, 2_000, Duration.ofSeconds(20));
        assertEquals(2_000, events.size(), "one record per acknowledged share");
        Set<String> ids = events.stream().map(ShareEvent::id).collect(Collectors.toSet());
        for (ShareRecord s : shares) {
            assertTrue(ids.contains(ShareEvent.of(7, s).id()), "missing " + ShareEvent.of(7, s).id());
        }
        ShareEvent first = events.stream().filter(e -> e.id().equals(ShareEvent.of(7, shares.get(0)).id()))
                .findFirst().orElseThrow();
        assertEquals(ShareEvent.of(7, shares.get(0)), first);
        assertTrue(first.id().startsWith("7:"));
        ShareRecord back = first.toRecord();
        assertEquals(shares.get(0).user(), back.user());
        assertEquals(shares.get(0).time(), back.time());
        assertTrue(java.util.Arrays.equals(shares.get(0).hash(), back.hash()));
    }

    @Test
    void withNoBrokerTheAppendFailsWithinTheAckTimeout() throws Exception {
        int deadPort = io.stratumpool.pool.testing.LoopbackPorts.any();
        ClusterConfig config = new ClusterConfig("127.0.0.1:" + deadPort, "nowhere", null, 1_500, null, null, null, null, null, null, null);
        long started = System.nanoTime();
        try (var ledger = new KafkaShareLedger(config, 1, 100)) {
            CompletableFuture<Void> f = ledger.append(Shares.share("u", "w", 1, Instant.now()));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> f.get(15, TimeUnit.SECONDS));
            var rejected = assertInstanceOf(LedgerRejectedException.class, e.getCause());
            assertEquals(LedgerRejectedException.Reason.TIMEOUT, rejected.reason());
            assertEquals(1, ledger.stats().failed());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 10_000, "failed and closed within " + millis + " ms");
    }
}
