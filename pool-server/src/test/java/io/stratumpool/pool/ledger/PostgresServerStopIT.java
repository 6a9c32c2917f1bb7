package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real thing: the PostgreSQL server is stopped ({@code pg_ctlcluster 15 main stop -m fast})
 * while shares flow, and started again. The cluster is always restarted, whatever happens.
 */
@Timeout(180)
class PostgresServerStopIT extends ShareLedgerContract {
    private static final String VERSION = System.getProperty("stratumpool.test.pg.cluster.version", "15");
    private static final String CLUSTER = System.getProperty("stratumpool.test.pg.cluster.name", "main");

    @Override
    TestStore createStore(Path dir) {
        return TestStore.postgresql();
    }

    @Test
    void keepsEveryAcknowledgedShareWhenTheServerStopsAndResumesByItself() throws Exception {
        StoreOutage.run(this, () -> {
            try {
                pgCtlCluster("stop", "-m", "fast");
                Thread.sleep(2_000);
            } finally {
                pgCtlCluster("start");
            }
        });
    }

    private static void pgCtlCluster(String... args) throws Exception {
        String[] command = new String[3 + args.length];
        command[0] = "pg_ctlcluster";
        command[1] = VERSION;
        command[2] = CLUSTER;
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
        }
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + output);
    }
}
