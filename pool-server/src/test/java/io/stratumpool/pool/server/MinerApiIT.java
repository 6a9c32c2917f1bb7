package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.pool.testing.OpenApiShapes;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.Share;
import io.stratumpool.sim.SimMiner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The API tells the truth about every worker: the whole pool in-process with simulated miners.
 * Alice's four workers are connected but never submit; Bob has one rig that mines and one that
 * submits an accepted, a duplicate and a stale share by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MinerApiIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final double TWO_32 = 4294967296.0;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<SimMiner> alice = new ArrayList<>();
    private PoolFixture fixture;
    private SimMiner bobRig;
    private SimMiner bobHand;
    private double bestShareOfHand;

    @BeforeAll
    void start() throws Exception {
        fixture = new PoolFixture("0.0005");
        for (int i = 1; i <= 4; i++) {
            alice.add(fixture.start(fixture.options(FirmwareProfile.ANTMINER_S9, "alice.w" + i).mining(false).build()));
        }
        bobHand = fixture.start(fixture.options(FirmwareProfile.ANTMINER_S9, "bob.hand").mining(false).build());
        for (SimMiner m : alice) {
            assertTrue(m.awaitMining(TIMEOUT), () -> m.transcript().toString());
        }
        assertTrue(bobHand.awaitMining(TIMEOUT), () -> bobHand.transcript().toString());
        submitAcceptedDuplicateAndStale(bobHand);
        bobRig = fixture.start(fixture.options(FirmwareProfile.ANTMINER_S9, "bob.rig").build());
        assertTrue(bobRig.awaitAccepted(30, TIMEOUT), () -> bobRig.transcript().toString());
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void submitAcceptedDuplicateAndStale(SimMiner miner) throws Exception {
        Share share = miner.findShare(TIMEOUT).orElseThrow();
        for (int tries = 1; share.block(); tries++) { // a block moves the tip: its duplicate would be stale
            assertTrue(tries < 20, "twenty shares in a row were blocks");
            share = miner.findShare(TIMEOUT).orElseThrow();
        }
        assertTrue(miner.submit(share).get(10, TimeUnit.SECONDS).get("result").asBoolean());
        bestShareOfHand = share.hashDifficulty();
        assertEquals(22, miner.submit(share).get(10, TimeUnit.SECONDS).path("error").path(0).asInt(), "duplicate");
        String jobBefore = share.jobId();
        fixture.sandbox().mineExternalBlock();
        assertTrue(miner.await(m -> m.job().map(j -> !j.jobId().equals(jobBefore)).orElse(false), TIMEOUT));
        assertEquals(21, miner.submit(share).get(10, TimeUnit.SECONDS).path("error").path(0).asInt(), "stale");
    }

    private HttpResponse<String> send(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.pool.apiPort() + path))
                .GET().timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return mapper.readTree(r.body());
    }

    private static JsonNode window(JsonNode hashrate, String label) {
        for (JsonNode e : hashrate) {
            if (e.get("window").asText().equals(label)) {
                return e;
            }
        }
        throw new AssertionError("no window " + label + " in " + hashrate);
    }

    @Test
    void aUserWhoseWorkersAreConnectedIsKnownBeforeItsFirstShare() throws Exception {
        JsonNode user = get("/api/users/alice");
        assertEquals(4, user.get("workersOnline").asInt(), user.toString());
        JsonNode day = window(user.get("hashrate"), "24h");
        assertEquals(0, day.get("hashrate").asDouble());
        assertTrue(day.get("upper").asDouble() > 0, "an upper limit from the time observed: " + day);
        assertTrue(day.get("observedSeconds").asDouble() < 600, "observed since the connections: " + day);
    }

    @Test
    void connectedWorkersWithoutSharesAreListedOnlineWithTheirDifficultyAndConnectionTime() throws Exception {
        JsonNode workers = get("/api/users/alice/workers").get("workers");
        assertEquals(4, workers.size(), workers.toString());
        for (int i = 0; i < 4; i++) {
            JsonNode w = workers.get(i);
            assertEquals("w" + (i + 1), w.get("worker").asText());
            assertTrue(w.get("online").asBoolean(), w.toString());
            assertEquals(alice.get(i).difficulty(), w.get("difficulty").asDouble(), 1e-12, w.toString());
            assertNotNull(java.time.Instant.parse(w.get("connectedSince").asText()));
            assertTrue(w.get("lastShare").isNull(), w.toString());
            assertEquals(0, w.get("accepted").asLong());
            assertEquals(0, window(w.get("hashrate"), "1h").get("hashrate").asDouble());
            assertFalse(w.get("userAgent").asText().isEmpty(), w.toString());
        }
    }

    @Test
    void aYoungWorkersLongWindowsAreDividedByTheTimeObservedNotTheWholeWindow() throws Exception {
        JsonNode rig = worker("bob", "rig");
        JsonNode fiveMinutes = window(rig.get("hashrate"), "5m");
        for (String label : List.of("1h", "24h")) {
            JsonNode w = window(rig.get("hashrate"), label);
            double observed = w.get("observedSeconds").asDouble();
            assertTrue(observed < 300, label + " covers only the worker's life: " + w);
            assertEquals(w.get("difficulty").asDouble() * TWO_32 / observed, w.get("hashrate").asDouble(), 1e-6 * w.get("hashrate").asDouble());
            assertEquals(fiveMinutes.get("hashrate").asDouble(), w.get("hashrate").asDouble(),
                    1e-9 * w.get("hashrate").asDouble(), label + " agrees with 5m for a worker younger than 5 min");
            assertEquals(fiveMinutes.get("upper").asDouble(), w.get("upper").asDouble(), 1e-9 * w.get("upper").asDouble(),
                    "the Poisson interval is over the same span");
        }
        JsonNode poolDay = window(get("/api/pool").get("hashrate"), "24h");
        assertTrue(poolDay.get("observedSeconds").asDouble() < 600, "the pool is minutes old: " + poolDay);
    }

    @Test
    void workersShowTheirAcceptedRejectedAndStaleCountsAndLastShare() throws Exception {
        JsonNode hand = worker("bob", "hand");
        assertEquals(1, hand.get("accepted").asLong(), hand.toString());
        assertEquals(1, hand.get("rejected").asLong(), "the duplicate: " + hand);
        assertEquals(1, hand.get("stale").asLong(), hand.toString());
        assertEquals(bestShareOfHand, hand.get("bestShare").asDouble(), 1e-6 * bestShareOfHand, hand.toString());
        assertNotNull(java.time.Instant.parse(hand.get("lastShare").asText()));
        JsonNode rig = worker("bob", "rig");
        assertTrue(rig.get("accepted").asLong() >= 30, rig.toString());
        assertEquals("antminer", rig.get("firmware").asText());
    }

    private JsonNode worker(String user, String name) throws Exception {
        for (JsonNode w : get("/api/users/" + user + "/workers").get("workers")) {
            if (w.get("worker").asText().equals(name)) {
                return w;
            }
        }
        throw new AssertionError("no worker " + name);
    }

    @Test
    void poolShowsTheNetworkAndItsStratumPorts() throws Exception {
        JsonNode pool = get("/api/pool");
        JsonNode network = pool.get("network");
        assertTrue(network.get("height").asLong() > 0, network.toString());
        assertEquals(fixture.pool.jobs().current().networkDifficulty(), network.get("difficulty").asDouble(), 1e-12);
        JsonNode port = pool.get("ports").get(0);
        assertEquals(fixture.port(), port.get("port").asInt());
        assertEquals(0.00001, port.get("initialDifficulty").asDouble(), 1e-15);
        assertEquals(0.0000001, port.get("minDifficulty").asDouble(), 1e-15);
        assertTrue(port.get("vardiff").asBoolean());
        assertFalse(port.get("tls").asBoolean());
        assertEquals(pool.get("ports"), get("/api/ports").get("ports"));
    }

    @Test
    void workersArePagedWithLimitAndOffset() throws Exception {
        JsonNode first = get("/api/users/alice/workers?limit=3");
        assertEquals(3, first.get("workers").size());
        assertEquals(3, first.get("page").get("next").asInt());
        JsonNode second = get("/api/users/alice/workers?limit=3&offset=3");
        assertEquals(1, second.get("workers").size());
        assertEquals("w4", second.get("workers").get(0).get("worker").asText());
        assertTrue(second.get("page").get("next").isNull());
    }

    @Test
    void historiesSumTheAcceptedWorkPerHour() throws Exception {
        JsonNode pool = get("/api/pool/history").get("hours");
        assertTrue(pool.size() >= 1, pool.toString());
        JsonNode last = pool.get(pool.size() - 1);
        assertTrue(last.get("shares").asLong() >= 31, last.toString());
        assertEquals(last.get("difficulty").asDouble() * TWO_32 / last.get("seconds").asDouble(), last.get("hashrate").asDouble(),
                1e-6 * last.get("hashrate").asDouble());
        JsonNode bob = get("/api/users/bob/history?hours=2").get("hours");
        assertTrue(bob.get(bob.size() - 1).get("shares").asLong() >= 31, bob.toString());
        assertEquals(0, get("/api/users/alice/history").get("hours").size());
    }

    @Test
    void liveAnswersHaveTheShapeTheOpenApiDocumentGives() throws Exception {
        OpenApiShapes shapes = new OpenApiShapes(get("/api/openapi.json"));
        List<String> problems = new ArrayList<>();
        problems.addAll(shapes.problems("/api/pool", 200, get("/api/pool")));
        problems.addAll(shapes.problems("/api/ports", 200, get("/api/ports")));
        problems.addAll(shapes.problems("/api/users/{user}/workers", 200, get("/api/users/bob/workers")));
        problems.addAll(shapes.problems("/api/users/{user}/workers", 200, get("/api/users/alice/workers")));
        problems.addAll(shapes.problems("/api/users/{user}", 200, get("/api/users/alice")));
        problems.addAll(shapes.problems("/api/pool/history", 200, get("/api/pool/history")));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void getAnswersAllowAnyOrigin() throws Exception {
        assertEquals("*", send("/api/pool").headers().firstValue("access-control-allow-origin").orElse(null));
        assertEquals("*", send("/api/users/nobody").headers().firstValue("access-control-allow-origin").orElse(null));
    }
}
