package io.stratumpool.pool.testing;

import java.nio.file.Path;

/**
 * The test harness's Kafka broker from the command line, for the cluster pipeline benchmark
 * (BENCHMARKS.md): formats {@code args[0]}, starts the broker, creates the default shares (6
 * partitions) and blocks topics, prints {@code BOOTSTRAP host:port} and runs until stdin closes.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KafkaBrokerMain DIR (a fresh directory for the broker's logs)");
            System.exit(2);
        }
        KafkaBroker broker = KafkaBroker.start(Path.of(args[0]));
        broker.createTopic("stratumpool.shares", 6);
        broker.createTopic("stratumpool.blocks", 1);
        System.out.println("BOOTSTRAP " + broker.bootstrapServers());
        System.out.flush();
        while (System.in.read() != -1) {
            // runs until the caller closes stdin
        }
        broker.close();
    }
}
