package io.stratumpool.pool.ledger;

import io.stratumpool.sim.Waits;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops and starts the test PostgreSQL server itself ({@code pg_ctlcluster 15 main …}), for tests
 * that take the whole store away. Callers start it again in a {@code finally} block, always.
 * The cluster may be shared with other test runs on the machine, so starting a cluster that is
 * already running is not an error.
 */
public final class PostgresCluster {
    private static final String VERSION = System.getProperty("stratumpool.test.pg.cluster.version", "15");
    private static final String CLUSTER = System.getProperty("stratumpool.test.pg.cluster.name", "main");

    private PostgresCluster() {
    }

    /** Fast shutdown: open transactions are rolled back and every client is disconnected. */
    public static void stop() throws Exception {
        Result r = pgCtlCluster("stop", "-m", "fast");
        if (r.exitCode != 0) {
            throw new AssertionError("pg_ctlcluster stop: exit " + r.exitCode + ": " + r.output);
        }
    }

    /** Starts the cluster (a running one is fine) and waits until it takes connections. */
    public static void start() throws Exception {
        Result r = pgCtlCluster("start");
        if (r.exitCode != 0 && !r.output.contains("already running")) {
            throw new AssertionError("pg_ctlcluster start: exit " + r.exitCode + ": " + r.output);
        }
        awaitConnections(60_000);
    }

    private static void awaitConnections(long millis) throws InterruptedException {
        AtomicReference<SQLException> last = new AtomicReference<>();
        Waits.until(() -> "PostgreSQL to take connections: " + last.get(), Duration.ofMillis(millis),
                Duration.ofMillis(100), () -> {
                    try (Connection c = java.sql.DriverManager.getConnection(TestStore.PG_URL, TestStore.PG_USER,
                            TestStore.PG_PASSWORD)) {
                        return true;
                    } catch (SQLException e) {
                        last.set(e);
                        return false;
                    }
                });
    }

    private record Result(int exitCode, String output) {
    }

    private static Result pgCtlCluster(String... args) throws Exception {
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
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }
}
