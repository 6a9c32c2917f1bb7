package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.PoolJar;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that cannot succeed says why in one line naming the key, file position, port or path,
 * and what to do: no stack trace. The packaged jar is run for each case, as an operator would.
 */
class StartupErrorsIT {
    @TempDir
    Path dir;

    @Test
    void aStratumPortInUseIsOneLineNamingThePortAndItsKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PoolJar.Result r = PoolJar.with("--stratum-host", "127.0.0.1", "--stratum-port", Integer.toString(taken.getLocalPort()),
                    "--set", "api.port=0", "--data-dir", dir.resolve("data").toString()).run(dir.resolve("log"));
            assertOneLine(r, 1, "stratumpool: startup failed: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " (stratum.ports[0].port): the port is in use");
        }
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileLineAndColumn() throws Exception {
        Path file = dir.resolve("pool.yaml");
        Files.writeString(file, "stratum:\n  host: [oops\n  maxLineLength: 9000\n");
        PoolJar.Result r = PoolJar.with("--config", file.toString()).run(dir.resolve("log"));
        assertEquals(2, r.exit(), r.output());
        assertEquals(List.of("stratumpool: invalid configuration (1 problem):",
                "  " + file + ":3:16: YAML syntax error: expected ',' or ']', but got : (while parsing a flow sequence at line 2)"),
                r.lines());
    }

    @Test
    void anUnknownLedgerStoreNamesTheKeyAndTheAllowedValues() throws Exception {
        PoolJar.Result r = PoolJar.with("--set", "ledger.store=mysql").run(dir.resolve("log"));
        assertEquals(2, r.exit(), r.output());
        assertEquals(List.of("stratumpool: invalid configuration (1 problem):",
                "  ledger.store: \"mysql\" (expected: sqlite or postgresql)"), r.lines());
    }

    @Test
    void aRefusedDatabaseLoginIsOneLineNamingTheUserAndTheKeys() throws Exception {
        PoolJar.Result r = PoolJar.with("--stratum-host", "127.0.0.1", "--stratum-port", "0", "--set", "api.port=0",
                "--set", "ledger.store=postgresql", "--set", "ledger.url=" + TestStore.PG_URL,
                "--set", "ledger.user=" + TestStore.PG_USER, "--set", "ledger.password=not-" + TestStore.PG_PASSWORD)
                .run(dir.resolve("log"));
        assertOneLine(r, 1, "stratumpool: startup failed: ledger: PostgreSQL at " + TestStore.PG_URL
                + " refused the login of user '" + TestStore.PG_USER + "'");
        assertTrue(r.output().contains("check ledger.user and ledger.password"), r.output());
    }

    @Test
    void anUnwritableDataDirectoryIsOneLineNamingThePathAndTheUser() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("srv"));
        Path data = Files.createDirectories(parent.resolve("data")); // root's, 755: nobody cannot write
        for (Path p : List.of(dir, parent, data)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        PoolJar.Result r = PoolJar.with("--stratum-host", "127.0.0.1", "--stratum-port", "0", "--set", "api.port=0",
                "--data-dir", data.toString()).asUser("nobody").in(parent).run(dir.resolve("log"));
        assertOneLine(r, 1, "stratumpool: startup failed: ledger.dataDir: cannot create or write " + data.resolve("ledger.db")
                + ": the directory " + data + " is not writable by user nobody");
    }

    @Test
    void versionPrintsTheVersionAndExits() throws Exception {
        PoolJar.Result r = PoolJar.with("--version").run(dir.resolve("log"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.lines().equals(List.of("stratumpool " + PoolVersionProbe.expected())), r.output());
    }

    @Test
    void jsonLogFormatWritesOneObjectPerLineWithTheStartupBanner() throws Exception {
        Path log = dir.resolve("log");
        Process pool = PoolJar.with("--log-format", "json", "--stratum-host", "127.0.0.1", "--stratum-port", "0",
                "--set", "api.host=127.0.0.1", "--set", "api.port=0", "--data-dir", dir.resolve("data").toString()).start(log);
        try {
            Waits.until("the startup banner", Duration.ofSeconds(30), () -> PoolJar.read(log).contains("started: network"));
            ObjectMapper json = new ObjectMapper();
            for (String line : PoolJar.read(log).lines().filter(l -> !l.isBlank()).toList()) {
                JsonNode event = json.readTree(line); // every line is one JSON object
                assertTrue(event.has("timestamp") && event.has("level") && event.has("loggerName"), line);
            }
            assertTrue(PoolJar.read(log).contains("\"formattedMessage\":\"stratumpool " + PoolVersionProbe.expected()
                    + " started: network regtest, chain sandbox (network difficulty 0.01), payout pplns, pool address "), PoolJar.read(log));
        } finally {
            pool.destroy();
            pool.waitFor();
        }
    }

    private static void assertOneLine(PoolJar.Result r, int exit, String start) {
        assertEquals(exit, r.exit(), r.output());
        List<String> errors = r.lines().stream().filter(l -> l.startsWith("stratumpool:")).toList();
        assertEquals(1, errors.size(), r.output());
        assertTrue(errors.get(0).startsWith(start), () -> "expected a line starting\n" + start + "\n" + r.output());
        assertTrue(r.lines().stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), r.output());
    }

    /** The version the jar's manifest carries: the Maven project version. */
    static final class PoolVersionProbe {
        static String expected() throws IOException {
            String pom = Files.readString(Path.of("pom.xml"));
            int parent = pom.indexOf("<parent>");
            String section = pom.substring(parent, pom.indexOf("</parent>"));
            return section.substring(section.indexOf("<version>") + 9, section.indexOf("</version>"));
        }
    }
}
