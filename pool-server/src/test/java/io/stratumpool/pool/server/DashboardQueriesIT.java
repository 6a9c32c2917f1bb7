package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.testing.DashboardQueries;
import io.stratumpool.pool.testing.DashboardQueries.Query;
import io.stratumpool.pool.testing.PrometheusServer;
import io.stratumpool.pool.testing.RepoFiles;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.Share;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped Grafana dashboard shows data: a real Prometheus, configured from the shipped scrape
 * config (target and interval swapped for the test), scrapes the pool while simulated miners mine
 * on the sandbox chain, find blocks, and a misbehaving miner and client produce rejects, a
 * refused connection and a protocol error. Then every PromQL expression of the dashboard is
 * evaluated through Prometheus's HTTP API and must return at least one finite sample: a panel
 * that would stay empty (or show only NaN) fails the test.
 */
class DashboardQueriesIT {
    /** Stands in for Grafana's $__rate_interval: 30 one-second scrapes. */
    private static final String RATE_INTERVAL = "30s";
    private static final int FLEET = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyDashboardQueryReturnsDataWhileAFleetMinesOnTheSandbox() throws Exception {
        List<Query> queries = DashboardQueries.read(RepoFiles.path("docker/grafana/dashboards/stratumpool.json"), RATE_INTERVAL);
        assertTrue(queries.size() >= 20, "the dashboard's queries: " + queries);
        // The fleet and one misbehaving miner fill the connection limit, so one more client is refused.
        Map<String, String> settings = Map.of("sandbox.refreshSeconds", "2",
                "stratum.limits.maxConnections", String.valueOf(FLEET + 1));
        try (PoolFixture fixture = new PoolFixture("0.0005", settings);
                PrometheusServer prometheus = PrometheusServer.start(scrapeConfig(fixture.pool.apiPort()))) {
            prometheus.awaitTargetsUp(Duration.ofSeconds(30));
            SimMiner misbehaving = rejectDuplicateAndStale(fixture);
            Fleet fleet = Fleet.start(fixture.sims, FLEET, i -> fixture.options(Fleet.mixedProfile(i), "dash.m" + i).build());
            try {
                assertTrue(fleet.awaitAllMining(TIMEOUT), () -> "fleet: " + fleet.failures());
                refuseAClientBeyondTheLimit(fixture);
                misbehaving.close();
                Waits.until("the pool to close the misbehaving connection", Duration.ofSeconds(10),
                        () -> fixture.pool.sessions().connectionCount() == FLEET);
                sendInvalidJson(fixture);
                Waits.until("an accepted block", Duration.ofSeconds(120),
                        () -> fixture.pool.blocks().countByStatus().get(BlockStatus.ACCEPTED) >= 1);
                Map<String, String> empty = awaitData(prometheus, queries, Duration.ofSeconds(90));
                assertTrue(empty.isEmpty(), () -> "dashboard queries without data:\n" + describe(empty));
            } finally {
                fleet.stop();
                misbehaving.close();
            }
        }
    }

    /**
     * A fresh pool and a well-behaved fleet, nothing rejected, refused or closed: the per-reason
     * panels still show data, because every known reason is registered at zero.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyDashboardQueryReturnsDataOnAFreshPoolWithOnlyWellBehavedMiners() throws Exception {
        List<Query> queries = DashboardQueries.read(RepoFiles.path("docker/grafana/dashboards/stratumpool.json"), RATE_INTERVAL);
        try (PoolFixture fixture = new PoolFixture("0.0005", Map.of("sandbox.refreshSeconds", "2"));
                PrometheusServer prometheus = PrometheusServer.start(scrapeConfig(fixture.pool.apiPort()))) {
            prometheus.awaitTargetsUp(Duration.ofSeconds(30));
            Fleet fleet = Fleet.start(fixture.sims, FLEET, i -> fixture.options(Fleet.mixedProfile(i), "fresh.m" + i).build());
            try {
                assertTrue(fleet.awaitAllMining(TIMEOUT), () -> "fleet: " + fleet.failures());
                Map<String, String> empty = awaitData(prometheus, queries, Duration.ofSeconds(150));
                assertTrue(empty.isEmpty(), () -> "dashboard queries without data on a fresh pool:\n" + describe(empty));
                assertTrue(!fixture.pool.metrics().scrape().contains("reason=\"invalid_json\"} 1"), "nothing misbehaved");
            } finally {
                fleet.stop();
            }
        }
    }

    /** The shipped scrape config (and alert rules), pointed at the test's pool and scraping every second. */
    private static String scrapeConfig(int apiPort) throws IOException {
        String shipped = Files.readString(RepoFiles.path("docker/prometheus/prometheus.yml"));
        String config = shipped.replace("\"pool:8080\"", "\"127.0.0.1:" + apiPort + "\"")
                .replace("- alerts.yml", "- " + RepoFiles.path("docker/prometheus/alerts.yml").toAbsolutePath())
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
        assertTrue(!config.contains("pool:8080") && !config.contains("15s") && config.contains("127.0.0.1:" + apiPort),
                () -> "the shipped scrape config changed shape; adapt this test:\n" + shipped);
        return config;
    }

    /**
     * Before the fleet starts (so no block moves the tip in between), a miner submits a share
     * twice (duplicate) and, after a block found elsewhere moved the tip, once more (stale). It
     * stays connected, taking the last connection the limit allows.
     */
    private static SimMiner rejectDuplicateAndStale(PoolFixture fixture) throws Exception {
        // An S9 suggests no difficulty, so it keeps the port's (far below the network's): a Bitaxe's
        // suggestion of 1000 would be clamped to the network difficulty, making every share a block.
        SimMiner miner = fixture.start(fixture.options(FirmwareProfile.ANTMINER_S9, "dash.rejects").mining(false).build());
        assertTrue(miner.awaitMining(TIMEOUT), () -> miner.transcript().toString());
        Share share = miner.findShare(TIMEOUT).orElseThrow();
        for (int tries = 1; share.block(); tries++) { // a block would move the tip, and its duplicate would be answered stale
            assertTrue(tries < 20, "twenty shares in a row were blocks: the miner's difficulty is the network's");
            share = miner.findShare(TIMEOUT).orElseThrow();
        }
        assertTrue(miner.submit(share).get(10, TimeUnit.SECONDS).get("result").asBoolean());
        assertEquals(22, errorCode(miner.submit(share).get(10, TimeUnit.SECONDS)), "duplicate");
        String jobBefore = share.jobId();
        fixture.sandbox().mineExternalBlock();
        assertTrue(miner.await(m -> m.job().map(j -> !j.jobId().equals(jobBefore)).orElse(false), TIMEOUT));
        assertEquals(21, errorCode(miner.submit(share).get(10, TimeUnit.SECONDS)), "stale");
        return miner;
    }

    private static void refuseAClientBeyondTheLimit(PoolFixture fixture) throws Exception {
        assertEquals(FLEET + 1, fixture.pool.sessions().connectionCount());
        assertTrue(closedByPool(fixture, new byte[0]), "a client beyond maxConnections is closed at once");
        Waits.until("the refused connection in the metrics", Duration.ofSeconds(10), () -> fixture.pool.metrics().scrape()
                .contains("stratum_connections_refused_total{reason=\"max_connections\"}"));
    }

    private static void sendInvalidJson(PoolFixture fixture) throws Exception {
        assertTrue(closedByPool(fixture, "this is not json\n".getBytes(StandardCharsets.US_ASCII)), "invalid JSON closes");
        Waits.until("the invalid JSON in the metrics", Duration.ofSeconds(10), () -> fixture.pool.metrics().scrape()
                .contains("stratum_protocol_errors_total{reason=\"invalid_json\"}"));
    }

    private static int errorCode(JsonNode reply) {
        return reply.path("error").path(0).asInt();
    }

    /** Connects a raw client, sends {@code bytes}, and says whether the pool closed the connection. */
    private static boolean closedByPool(PoolFixture fixture, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), fixture.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // whatever the pool says before closing does not matter here
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: closed all the same
        }
    }

    /** Polls every query until each has a finite sample or the time is up; the ones still empty, with their answers. */
    private static Map<String, String> awaitData(PrometheusServer prometheus, List<Query> queries, Duration limit)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        Map<String, String> empty = new LinkedHashMap<>();
        do {
            empty.clear();
            for (Query q : queries) {
                JsonNode answer = prometheus.query(q.expr());
                if (!hasFiniteSample(answer)) {
                    empty.put(q.panel() + ": " + q.expr(), answer.toString());
                }
            }
            if (empty.isEmpty()) {
                return empty;
            }
            Thread.sleep(2_000);
        } while (System.nanoTime() < end);
        return empty;
    }

    /** True for a successful answer with at least one sample that is a number (not NaN or ±Inf). */
    static boolean hasFiniteSample(JsonNode answer) {
        if (!"success".equals(answer.path("status").asText())) {
            return false;
        }
        JsonNode data = answer.path("data");
        JsonNode result = data.path("result");
        if ("scalar".equals(data.path("resultType").asText())) {
            return isFinite(result.path(1).asText());
        }
        for (JsonNode series : result) {
            if (isFinite(series.path("value").path(1).asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFinite(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(Map<String, String> empty) {
        StringBuilder sb = new StringBuilder();
        empty.forEach((query, answer) -> sb.append("  ").append(query).append("\n    -> ").append(answer).append('\n'));
        return sb.toString();
    }
}
