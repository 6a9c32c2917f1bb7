package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.testing.LoopbackPorts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarted with block events still unsent in its spool hands them to the read-back: the
 * drainer may send them to the topic only after the read-back took its end offsets.
 */
class SpooledBlockEventsTest {
    private static final String HASH = "00000000000000000000000000000000000000000000000000000000000000aa";

    @TempDir
    Path dir;

    @Test
    void undrainedBlockEventsInTheSpoolAreReportedAtOpenAndDrainedOnesAreNot() throws Exception {
        try (ShareSpool spool = new ShareSpool(dir, 1 << 20)) {
            spool.append(ShareEventCodec.encode(block("SUBMITTED", 10))).get(10, TimeUnit.SECONDS);
            spool.advance(spool.peek(1)); // reached Kafka before the kill
            spool.append(ShareEventCodec.encode(ShareEvent.of(1, new ShareRecord("u", "w", 1, 1, "j", 120,
                    Instant.ofEpochMilli(5), new byte[32], false)))).get(10, TimeUnit.SECONDS);
            spool.append(ShareEventCodec.encode(block("ACCEPTED", 20))).get(10, TimeUnit.SECONDS);
        }
        // No broker listens on this loopback port: the events stay spooled.
        ClusterConfig config = ClusterConfig.of("127.0.0.1:" + LoopbackPorts.restartable())
                .withAckTimeoutMillis(1_000).withSpool(dir.toString(), 1 << 20);
        try (KafkaShareLedger ledger = new KafkaShareLedger(config, 1, 100)) {
            assertEquals(List.of(block("ACCEPTED", 20)), ledger.spooledBlockEvents());
        }
    }

    private static BlockEvent block(String status, long updatedMs) {
        return new BlockEvent(1, HASH, 120, HASH, "u", "w", 1, 1, 5_000_000_000L, status, null, 0, 5, updatedMs);
    }
}
