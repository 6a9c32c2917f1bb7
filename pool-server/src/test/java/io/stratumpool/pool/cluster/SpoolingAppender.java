package io.stratumpool.pool.cluster;

import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.ledger.Shares;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in Stratum node for {@link NodeCrashSpoolIT}, run in a JVM of its own: appends shares to a
 * {@link KafkaShareLedger} with a spool and prints {@code ACK <event id>} for each acknowledged one,
 * until it is killed (or 60 s pass). Arguments: bootstrap servers, topic, spool directory, node id.
 */
public final class SpoolingAppender {
    private SpoolingAppender() {
    }

    public static void main(String[] args) throws Exception {
        int node = Integer.parseInt(args[3]);
        ClusterConfig config = new ClusterConfig(args[0], args[1], null, 2_000, args[2], 64L << 20, null, null, null, null, null);
        PrintStream out = new PrintStream(System.out, false);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (var ledger = new KafkaShareLedger(config, node, 10_000)) {
            while (System.nanoTime() < end) {
                List<ShareRecord> shares = new ArrayList<>();
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    ShareRecord s = Shares.share("miner" + (i % 4), "rig", 32, Instant.now());
                    shares.add(s);
                    acks.add(ledger.append(s));
                }
                for (int i = 0; i < shares.size(); i++) {
                    try {
                        acks.get(i).get(10, TimeUnit.SECONDS);
                        out.println("ACK " + ShareEvent.of(node, shares.get(i)).id());
                    } catch (Exception e) {
                        out.println("FAIL " + ShareEvent.of(node, shares.get(i)).id() + " " + e.getCause());
                    }
                }
                out.flush();
            }
        }
    }
}
