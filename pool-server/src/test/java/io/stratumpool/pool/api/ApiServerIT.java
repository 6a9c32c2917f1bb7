package io.stratumpool.pool.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.pool.accounting.AccountQueries;
import io.stratumpool.pool.accounting.HashrateTracker;
import io.stratumpool.pool.accounting.PayoutConfig;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.JdbcBlockRepository;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.OpenApiShapes;
import io.stratumpool.validator.Hash256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP on loopback, backed by a SQLite database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class ApiServerIT {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean hasWork = new AtomicBoolean();
    private Database db;
    private ApiServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        db = Database.open(TestStore.sqlite(dir).config());
        HashrateTracker tracker = new HashrateTracker(clock);
        tracker.record("alice", "s19", 1024, NOW.minusSeconds(30).toEpochMilli());
        tracker.record("alice", "bitaxe", 512, NOW.minusSeconds(10).toEpochMilli());
        db.query(c -> c.createStatement().executeUpdate(
                "INSERT INTO balances (user_name, balance, paid, carry, updated_ms) VALUES ('alice', 1500, 20000, 0, 0)"));
        long twoHoursAgo = NOW.minus(Duration.ofHours(2)).toEpochMilli();
        db.query(c -> c.createStatement().executeUpdate("INSERT INTO share_hourly (hour_ms, user_name, worker, shares, difficulty)"
                + " VALUES (" + twoHoursAgo + ", 'alice', 's19', 10, 1000.0), (" + twoHoursAgo + ", 'bob', 'rig', 5, 50.0)"));
        db.query(c -> c.createStatement().executeUpdate("INSERT INTO shares (user_name, worker, difficulty, network_difficulty,"
                + " job_id, height, time_ms, hash, is_block) VALUES ('alice', 's19', 24.0, 1e14, 'j1', 900000, "
                + (twoHoursAgo + 60_000) + ", '" + "ee".repeat(32) + "', false), ('alice', 'bitaxe', 8.0, 1e14, 'j2', 900000, "
                + (NOW.toEpochMilli() - 600_000) + ", '" + "ef".repeat(32) + "', false)"));
        var blocks = new JdbcBlockRepository(db, clock);
        blocks.found(new BlockRecord(Hash256.fromHexReversed("00000000000000000001" + "ab".repeat(22)), 900_000,
                Hash256.ZERO, "alice", "s19", 2e6, 1e14, 312_500_000L, BlockStatus.FOUND, null, 0, NOW, NOW));
        for (int i = 1; i <= 2; i++) { // two older blocks, for paging
            Instant found = NOW.minus(Duration.ofHours(i));
            blocks.found(new BlockRecord(Hash256.fromHexReversed("0000000000000000000" + i + "cd".repeat(22)), 900_000 - i,
                    Hash256.ZERO, "bob", "rig", 2e6, 1e14, 312_500_000L, BlockStatus.FOUND, null, 0, found, found));
        }
        LiveStats live = new LiveStats() {
            public int connectedMiners() {
                return 3;
            }

            public int workersOnline() {
                return 2;
            }

            public Set<String> onlineWorkers(String user) {
                return user.equals("alice") ? Set.of("s19") : Set.of();
            }

            public Map<String, Firmware> firmware(String user) {
                return user.equals("alice") ? Map.of("s19", new Firmware("antminer", "unknown",
                        "Antminer S19k Pro/Fri Oct 10 11:13:07 CST 2025")) : Map.of();
            }
        };
        ApiSources sources = new ApiSources(tracker, new AccountQueries(db), blocks, live, PayoutConfig.defaults(),
                db::isReachable, hasWork::get, () -> "stratum_shares_total 7\n", clock);
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0), sources);
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> r = send("GET", path);
        assertEquals(expectedStatus, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        return mapper.readTree(r.body());
    }

    @Test
    void poolShowsLiveFiguresHashrateWindowsAndTheLastBlock() throws Exception {
        JsonNode pool = get("/api/pool", 200);
        assertEquals(3, pool.get("miners").asInt());
        assertEquals(2, pool.get("workersOnline").asInt());
        assertEquals("pplns", pool.get("scheme").asText());
        assertEquals("1m", pool.get("hashrate").get(0).get("window").asText());
        assertEquals(4, pool.get("hashrate").size());
        assertEquals(1536, pool.get("hashrate").get(1).get("difficulty").asDouble());
        assertEquals(900_000, pool.get("lastBlock").get("height").asLong());
        assertEquals("found", pool.get("lastBlock").get("status").asText());
    }

    @Test
    void userShowsHashrateBalanceAndWorkers() throws Exception {
        JsonNode user = get("/api/users/alice", 200);
        assertEquals(1500, user.get("balance").asLong());
        assertEquals(20000, user.get("paid").asLong());
        assertEquals(1, user.get("workersOnline").asInt());
        JsonNode workers = get("/api/users/alice/workers", 200).get("workers");
        assertEquals("bitaxe", workers.get(0).get("worker").asText());
        assertFalse(workers.get(0).get("online").asBoolean());
        assertTrue(workers.get(1).get("online").asBoolean());
        assertEquals(NOW.minusSeconds(30).toString(), workers.get(1).get("lastShare").asText());
        assertEquals("antminer", workers.get(1).get("firmware").asText());
        assertEquals("unknown", workers.get(1).get("firmwareMajor").asText());
        assertEquals("Antminer S19k Pro/Fri Oct 10 11:13:07 CST 2025", workers.get(1).get("userAgent").asText());
        assertTrue(workers.get(0).get("firmware").isNull(), "an offline worker's firmware is unknown: " + workers.get(0));
    }

    @Test
    void answersJsonErrorsForUnknownUsersBadNamesPathsAndMethods() throws Exception {
        assertEquals("unknown user", get("/api/users/mallory", 404).get("error").asText());
        assertEquals("bad user name", get("/api/users/a%20b", 400).get("error").asText());
        assertEquals("/api/nope", get("/api/nope", 404).get("path").asText());
        assertEquals("not found", get("/api", 404).get("error").asText());
        assertEquals("bad limit (expected 1..500)", get("/api/blocks?limit=abc", 400).get("error").asText());
        HttpResponse<String> post = send("POST", "/api/pool");
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("allow").orElseThrow());
        assertEquals("method not allowed", mapper.readTree(post.body()).get("error").asText());
    }

    @Test
    void listsBlocksAndPayments() throws Exception {
        JsonNode blocks = get("/api/blocks?limit=5", 200).get("blocks");
        assertEquals(3, blocks.size());
        assertTrue(blocks.get(0).get("hash").asText().startsWith("00000000000000000001"));
        assertEquals(0, get("/api/payments", 200).get("payments").size());
    }

    @Test
    void blocksArePagedNewestFirstWithLimitAndOffset() throws Exception {
        JsonNode first = get("/api/blocks?limit=2", 200);
        assertEquals(List.of(900_000L, 899_999L), heights(first.get("blocks")));
        assertEquals(2, first.get("page").get("next").asInt());
        JsonNode second = get("/api/blocks?limit=2&offset=2", 200);
        assertEquals(List.of(899_998L), heights(second.get("blocks")));
        assertTrue(second.get("page").get("next").isNull());
        assertEquals(0, get("/api/blocks?offset=3", 200).get("blocks").size());
        assertEquals("bad offset (expected 0..100000)", get("/api/payments?offset=-1", 400).get("error").asText());
    }

    private static List<Long> heights(JsonNode blocks) {
        List<Long> out = new java.util.ArrayList<>();
        blocks.forEach(b -> out.add(b.get("height").asLong()));
        return out;
    }

    @Test
    void historySumsPrunedHoursAndRawSharesPerHourAndDividesTheCurrentHourByItsElapsedPart() throws Exception {
        JsonNode alice = get("/api/users/alice/history?hours=3", 200).get("hours");
        assertEquals(2, alice.size(), alice.toString());
        assertEquals(NOW.minus(Duration.ofHours(2)).toString(), alice.get(0).get("hour").asText());
        assertEquals(11, alice.get(0).get("shares").asLong(), "10 pruned + 1 raw");
        assertEquals(1024, alice.get(0).get("difficulty").asDouble());
        assertEquals(3600, alice.get(0).get("seconds").asDouble());
        assertEquals(1024 * 4294967296.0 / 3600, alice.get(0).get("hashrate").asDouble(), 1e-3);
        assertEquals(NOW.minus(Duration.ofHours(1)).toString(), alice.get(1).get("hour").asText());
        assertEquals(3600, alice.get(1).get("seconds").asDouble(), "NOW is on the hour: the share 10 min ago is in a whole hour");
        JsonNode pool = get("/api/pool/history", 200).get("hours");
        assertEquals(16, pool.get(0).get("shares").asLong(), "alice's 11 and bob's 5");
        assertEquals(0, get("/api/users/alice/history?hours=1", 200).get("hours").size());
        assertEquals("bad hours (expected 1..720)", get("/api/pool/history?hours=0", 400).get("error").asText());
    }

    @Test
    void everyAnswerHasTheShapeTheOpenApiDocumentGives() throws Exception {
        OpenApiShapes shapes = new OpenApiShapes(get("/api/openapi.json", 200));
        hasWork.set(true);
        Map<String, String[]> examples = new java.util.LinkedHashMap<>();
        examples.put("/api/pool", new String[] {"/api/pool"});
        examples.put("/api/ports", new String[] {"/api/ports"});
        examples.put("/api/pool/history", new String[] {"/api/pool/history?hours=3"});
        examples.put("/api/users/{user}", new String[] {"/api/users/alice"});
        examples.put("/api/users/{user}/workers", new String[] {"/api/users/alice/workers"});
        examples.put("/api/users/{user}/history", new String[] {"/api/users/alice/history?hours=3"});
        examples.put("/api/blocks", new String[] {"/api/blocks"});
        examples.put("/api/payments", new String[] {"/api/payments"});
        examples.put("/health", new String[] {"/health"});
        examples.put("/ready", new String[] {"/ready"});
        examples.put("/api/openapi.json", new String[] {"/api/openapi.json"});
        assertEquals(shapes.paths(), new java.util.TreeSet<>(examples.keySet()), "every documented path is tried");
        List<String> problems = new java.util.ArrayList<>();
        for (var e : examples.entrySet()) {
            problems.addAll(shapes.problems(e.getKey(), 200, get(e.getValue()[0], 200)));
        }
        problems.addAll(shapes.problems("/api/users/{user}", 404, get("/api/users/mallory", 404)));
        problems.addAll(shapes.problems("/api/users/{user}/workers", 400, get("/api/users/alice/workers?limit=0", 400)));
        problems.addAll(shapes.problems("/api/blocks", 400, get("/api/blocks?offset=x", 400)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theShapeCheckRejectsUndocumentedMissingAndMistypedFields() throws Exception {
        OpenApiShapes shapes = new OpenApiShapes(get("/api/openapi.json", 200));
        assertEquals(List.of("/health 200 $: undocumented field uptime"),
                shapes.problems("/health", 200, mapper.readTree("{\"status\":\"up\",\"uptime\":1}")));
        assertEquals(List.of("/ready 200 $: missing required field work"),
                shapes.problems("/ready", 200, mapper.readTree("{\"ready\":true,\"database\":true}")));
        assertEquals(1, shapes.problems("/api/ports", 200,
                mapper.readTree("{\"ports\":[{\"port\":\"3333\",\"initialDifficulty\":1,\"minDifficulty\":1,"
                        + "\"maxDifficulty\":1,\"vardiff\":true,\"tls\":false}]}")).size());
    }

    @Test
    void everyAnswerAllowsAnyOrigin() throws Exception {
        for (String path : List.of("/api/pool", "/api/users/mallory", "/api/blocks", "/health")) {
            assertEquals("*", send("GET", path).headers().firstValue("access-control-allow-origin").orElse(null), path);
        }
    }

    @Test
    void healthIsUpAndReadyNeedsWork() throws Exception {
        assertEquals("up", get("/health", 200).get("status").asText());
        hasWork.set(false);
        JsonNode notReady = get("/ready", 503);
        assertTrue(notReady.get("database").asBoolean());
        assertFalse(notReady.get("work").asBoolean());
        hasWork.set(true);
        assertTrue(get("/ready", 200).get("ready").asBoolean());
    }

    @Test
    void metricsComeFromTheSupplierAsPrometheusText() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("stratum_shares_total 7\n", r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
    }

    @Test
    void pagesAreHtmlThatMayLoadNothingFromAnotherOrigin() throws Exception {
        Map<String, String> pages = Map.of("/", "index", "/blocks", "blocks", "/users/alice", "user", "/users/mallory/", "user");
        for (var page : pages.entrySet()) {
            HttpResponse<String> r = send("GET", page.getKey());
            assertEquals(200, r.statusCode(), page.getKey());
            assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElse(null), page.getKey());
            assertTrue(r.headers().firstValue("content-security-policy").orElse("").startsWith("default-src 'self';"),
                    page.getKey());
            assertEquals("no-cache", r.headers().firstValue("cache-control").orElse(null));
            assertTrue(r.body().contains("data-page=\"" + page.getValue() + "\""), r.body());
            assertFalse(r.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing from elsewhere: " + page.getKey());
        }
    }

    @Test
    void anUnknownUserGetsAFriendlyPageAndAKnownOneItsOwn() throws Exception {
        String unknown = send("GET", "/users/mallory").body();
        assertTrue(unknown.contains("data-known=\"false\""));
        assertTrue(unknown.contains("<section id=\"unknown\" class=\"notice\" >"), "the notice is shown: " + unknown);
        assertTrue(unknown.contains("No miner called “<span class=\"name\">mallory</span>” yet"), unknown);
        String known = send("GET", "/users/alice").body();
        assertTrue(known.contains("data-known=\"true\""));
        assertTrue(known.contains("<section id=\"unknown\" class=\"notice\" hidden>"), known);
    }

    @Test
    void aBadUserNameOrUnknownPageIsAnHtmlPageWithTheTextEscaped() throws Exception {
        HttpResponse<String> bad = send("GET", "/users/%3Cb%3Ex");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(bad.body().contains("“&lt;b&gt;x” is not a user name or address"), bad.body());
        HttpResponse<String> missing = send("GET", "/nope");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("There is no page /nope on this pool."), missing.body());
        assertEquals(404, send("GET", "/assets/nope.js").statusCode());
    }

    @Test
    void theLookUpFormWithoutScriptLandsOnTheAccountsPage() throws Exception {
        HttpResponse<String> found = send("GET", "/users?u=+alice.s19+");
        assertEquals(303, found.statusCode());
        assertEquals("/users/alice", found.headers().firstValue("location").orElse(null));
        assertEquals(400, send("GET", "/users?u=a%2Fb").statusCode());
    }

    @Test
    void assetsHaveTheirTypesCacheAndETagsAndFitTheBudget() throws Exception {
        long total = 0;
        for (var asset : WebPages.ASSETS.entrySet()) {
            HttpResponse<String> r = send("GET", "/assets/" + asset.getKey());
            assertEquals(200, r.statusCode(), asset.getKey());
            assertEquals(asset.getValue(), r.headers().firstValue("content-type").orElse(null));
            assertEquals("public, max-age=300", r.headers().firstValue("cache-control").orElse(null));
            String etag = r.headers().firstValue("etag").orElseThrow();
            HttpRequest again = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/assets/" + asset.getKey()))
                    .header("If-None-Match", etag).GET().build();
            HttpResponse<String> revalidated = http.send(again, HttpResponse.BodyHandlers.ofString());
            assertEquals(304, revalidated.statusCode(), asset.getKey());
            assertEquals("", revalidated.body());
            total += r.headers().firstValueAsLong("content-length").orElseThrow();
        }
        assertEquals(WebPages.assetBytes(), total);
        assertTrue(total < 300 * 1024, "assets: " + total + " bytes");
    }

    @Test
    void everyAssetAPageNamesIsServed() throws Exception {
        var named = java.util.regex.Pattern.compile("/assets/([A-Za-z0-9.]+)").matcher(send("GET", "/").body());
        int seen = 0;
        while (named.find()) {
            assertTrue(WebPages.ASSETS.containsKey(named.group(1)), named.group(1));
            seen++;
        }
        assertTrue(seen >= 3, "the layout links its stylesheet, script and icon");
    }
}
