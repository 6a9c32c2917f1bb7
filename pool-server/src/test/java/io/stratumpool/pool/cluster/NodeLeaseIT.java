package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.sim.Waits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pool.nodeId} leases on a real broker: a second node with a live id is refused with one line,
 * another id is not; the same node restarted after a kill (same spool directory) starts at once, a
 * different node only once the killed node's lease expired; a clean shutdown releases the id at once.
 */
class NodeLeaseIT {
    @TempDir
    Path dir;

    @Test
    void aNodeIdLiveElsewhereIsRefusedUntilItsLeaseIsReleasedOrExpires() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            ClusterConfig config = ClusterConfig.of(broker.bootstrapServers()).withNodeLeaseMillis(5_000);
            Clock clock = Clock.systemUTC();
            NodeLease first = NodeLease.acquire(config, 7, dir.resolve("a"), clock);

            var refused = assertThrows(NodeLease.NodeIdInUseException.class,
                    () -> NodeLease.acquire(config, 7, dir.resolve("b"), clock));
            System.out.println("NodeLeaseIT: " + refused.getMessage());
            assertTrue(refused.getMessage().startsWith("pool.nodeId: 7 is live on another stratum node (host "),
                    refused.getMessage());
            assertTrue(refused.getMessage().lines().count() == 1, "one line");
            var sameDir = assertThrows(NodeLease.NodeIdInUseException.class,
                    () -> NodeLease.acquire(config, 7, dir.resolve("a"), clock));
            assertTrue(sameDir.getMessage().startsWith("cluster.spoolDir: "), sameDir.getMessage());
            NodeLease.acquire(config, 8, dir.resolve("b"), clock).close();

            first.abandon(); // as SIGKILL: no release, the heartbeats just stop
            NodeLease restarted = NodeLease.acquire(config, 7, dir.resolve("a"), clock);
            restarted.abandon();
            assertThrows(NodeLease.NodeIdInUseException.class, () -> NodeLease.acquire(config, 7, dir.resolve("b"), clock),
                    "another node waits for the killed node's lease");
            NodeLease[] taken = new NodeLease[1];
            Waits.until(() -> "the killed node's lease to expire", Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
                try {
                    taken[0] = NodeLease.acquire(config, 7, dir.resolve("b"), clock);
                    return true;
                } catch (NodeLease.NodeIdInUseException stillLive) {
                    return false;
                }
            });
            taken[0].close(); // a clean shutdown releases the id
            NodeLease.acquire(config, 7, dir.resolve("c"), clock).close();
        }
    }
}
