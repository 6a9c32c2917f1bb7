package io.stratumpool.pool.api;

import static io.stratumpool.pool.api.HeadlessChromium.cell;
import static io.stratumpool.pool.api.PageFigures.near;
import static io.stratumpool.pool.api.PageFigures.number;
import static io.stratumpool.pool.api.PageFigures.rate;
import static io.stratumpool.pool.api.PageFigures.same;
import static io.stratumpool.pool.api.PageFigures.satoshis;
import static io.stratumpool.pool.api.PageFigures.window;
import static io.stratumpool.pool.api.PageFigures.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.pool.server.PoolFixture;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import io.stratumpool.sim.v2.V2Miner;
import io.stratumpool.sim.v2.V2MinerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web pages in a real browser (Debian's headless Chromium through chromedriver) against the
 * whole pool on the sandbox chain, with simulated miners (Stratum V1 and one V2) mining SOLO to one address: what the pages
 * show is what the API answers, updates arrive without a reload, no request leaves loopback and the
 * console stays clean. Screenshots at desktop and phone widths go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WebPagesIT {
    private static final String ADDRESS = "bcrt1qsejuyfhzq8uqqs8sc096n96d4hz55zl6mhv6lw";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path SHOTS = Path.of("target", "screenshots");

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<SimMiner> miners = new ArrayList<>();
    private V2Miner v2Miner;
    private PoolFixture fixture;
    private HeadlessChromium chrome;
    private ChromeDriver browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        chrome = HeadlessChromium.start(TIMEOUT); // first: without a browser, fail before starting anything
        browser = chrome.driver();
        fixture = new PoolFixture("0.0005", Map.of("payout.scheme", "solo", "payout.fee", "0.02"));
        base = "http://127.0.0.1:" + fixture.pool.apiPort();
        miners.add(fixture.start(fixture.options(FirmwareProfile.ANTMINER_S9, ADDRESS + ".rig1").hashrate(300_000).build()));
        miners.add(fixture.start(fixture.options(FirmwareProfile.CPUMINER, ADDRESS + ".rig2").hashrate(300_000).build()));
        miners.add(fixture.start(fixture.options(FirmwareProfile.NERDMINER, ADDRESS + ".idle").mining(false).build()));
        v2Miner = new V2Miner(fixture.sims, V2MinerOptions.builder("127.0.0.1", fixture.pool.v2Port(0))
                .authorityKey(fixture.pool.v2AuthorityKey()).user(ADDRESS + ".v2rig").name("v2rig").hashrate(300_000).build());
        v2Miner.start();
        for (SimMiner m : miners) {
            assertTrue(m.awaitMining(TIMEOUT), () -> m.transcript().toString());
        }
        assertTrue(v2Miner.awaitMining(TIMEOUT), () -> v2Miner.describe(20));
        Waits.until("a block found by the pool", TIMEOUT, () -> !fixture.pool.blocks().recent(1).isEmpty());
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() {
        if (chrome != null) {
            chrome.close();
        }
        if (v2Miner != null) {
            v2Miner.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Every page a test opened logged nothing at SEVERE and fetched from loopback only. */
    @AfterEach
    void consoleIsCleanAndEveryRequestStayedOnLoopback() {
        assertEquals(List.of(), chrome.consoleErrors(), "console errors");
        assertOnlyLoopbackRequests();
    }

    /** The console check above would see an error: the browser's log reaches the test. */
    @Test
    void consoleErrorsReachTheTest() {
        open("/blocks");
        chrome.js("console.error('probe from the test')");
        List<String> severe = chrome.consoleErrors();
        assertEquals(1, severe.size(), severe.toString());
        assertTrue(severe.get(0).contains("probe from the test"), severe.get(0));
    }

    private void assertOnlyLoopbackRequests() {
        List<String> urls = chrome.requestedUrls();
        assertTrue(urls.size() > 3, "the page fetched its assets and the API: " + urls);
        for (String url : urls) {
            String host = URI.create(url).getHost();
            assertTrue(host.equals("127.0.0.1") || host.equals("localhost"), "a request left loopback: " + url);
        }
    }

    @Test
    void poolPageShowsWhatTheApiSays() throws Exception {
        open("/");
        HttpResponse<String> page = send("/");
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").startsWith("default-src 'self'"));
        agreeWithinRefreshes("pool figures", () -> {
            JsonNode pool = api("/api/pool");
            List<String> problems = new ArrayList<>();
            same(problems, "miners", pool.get("miners").asText(), chrome.text("miners"));
            same(problems, "workers online", pool.get("workersOnline").asText(), chrome.text("workers-online"));
            same(problems, "network height", pool.get("network").get("height").asText(), chrome.text("network-height"));
            near(problems, "network difficulty", pool.get("network").get("difficulty").asDouble(), number(chrome.text("network-difficulty")));
            within(problems, "pool hashrate", window(pool.get("hashrate"), "5m"), rate(chrome.text("pool-hashrate")));
            return problems;
        });
        assertTrue(Integer.parseInt(chrome.text("workers-online")) >= 3, chrome.text("workers-online"));
        agreeWithinRefreshes("recent blocks", () -> {
            List<String> problems = new ArrayList<>();
            same(problems, "block hashes", hashes(api("/api/blocks?limit=10").get("blocks")), chrome.attributes("#blocks tbody tr", "data-hash"));
            return problems;
        });
        String url = browser.findElement(By.cssSelector("#ports tbody tr td.url")).getText();
        assertEquals("stratum+tcp://127.0.0.1:" + fixture.port(), url);
        assertTrue(browser.findElement(By.id("connect")).getText().contains("d=0.5"));
        assertFalse(browser.findElements(By.cssSelector("#chart svg polygon.band")).isEmpty(), "the chart draws its band");
        assertTrue(chrome.text("time-to-block").matches("[0-9.]+ (s|min|h|days)"), chrome.text("time-to-block"));
    }

    @Test
    void userPageShowsEachWorkerAsTheApiDoes() throws Exception {
        open("/users/" + ADDRESS);
        assertTrue(browser.findElement(By.id("known")).isDisplayed());
        assertFalse(browser.findElement(By.id("unknown")).isDisplayed());
        agreeWithinRefreshes("workers", () -> {
            List<String> problems = new ArrayList<>();
            JsonNode workers = api("/api/users/" + ADDRESS + "/workers").get("workers");
            Map<String, WebElement> rows = new LinkedHashMap<>();
            for (WebElement row : browser.findElements(By.cssSelector("#workers tbody tr"))) {
                rows.put(row.getDomAttribute("data-worker"), row);
            }
            List<String> names = new ArrayList<>();
            workers.forEach(w -> names.add(w.get("worker").asText()));
            same(problems, "worker names", names, new ArrayList<>(rows.keySet()));
            for (JsonNode w : workers) {
                WebElement row = rows.get(w.get("worker").asText());
                if (row == null) {
                    continue;
                }
                String name = w.get("worker").asText() + " ";
                same(problems, name + "status", w.get("online").asBoolean() ? "online" : "offline", cell(row, "td .state"));
                near(problems, name + "difficulty", w.get("difficulty").asDouble(), number(cell(row, "td.difficulty")));
                same(problems, name + "accepted", w.get("accepted").asText(), cell(row, "td.accepted"));
                same(problems, name + "rejected", w.get("rejected").asText(), cell(row, "td.rejected"));
                same(problems, name + "stale", w.get("stale").asText(), cell(row, "td.stale"));
                same(problems, name + "protocol", w.get("protocol").isNull() ? "–" : w.get("protocol").asText().toUpperCase(),
                        cell(row, "td.protocol"));
                within(problems, name + "hashrate", window(w.get("hashrate"), "5m"), rate(cell(row, "td.hashrate .rate")));
            }
            JsonNode user = api("/api/users/" + ADDRESS);
            same(problems, "workers online", user.get("workersOnline").asText(), chrome.text("user-workers-online"));
            within(problems, "user hashrate", window(user.get("hashrate"), "5m"), rate(chrome.text("user-hashrate")));
            return problems;
        });
        assertTrue(browser.findElement(By.id("odds-card")).isDisplayed(), "SOLO: the odds of a block");
        assertTrue(chrome.text("odds-day").endsWith("a day"), chrome.text("odds-day"));
        assertFalse(browser.findElement(By.id("balance-card")).isDisplayed(), "SOLO pays in the coinbase: no balance");
        assertTrue(cell(browser.findElement(By.cssSelector("#workers tr[data-worker='rig2']")), "td.agent").startsWith("cpuminer/"));
        assertEquals("V1", cell(browser.findElement(By.cssSelector("#workers tr[data-worker='rig2']")), "td.protocol"));
        assertEquals("V2", cell(browser.findElement(By.cssSelector("#workers tr[data-worker='v2rig']")), "td.protocol"));
    }

    @Test
    void aNewWorkerAndNewSharesAppearWithoutAReload() throws Exception {
        open("/users/" + ADDRESS);
        chrome.js("window.sameDocument = true");
        WebElement rig1 = browser.findElement(By.cssSelector("#workers tr[data-worker='rig1']"));
        long acceptedBefore = Long.parseLong(cell(rig1, "td.accepted"));
        SimMiner late = fixture.start(fixture.options(FirmwareProfile.BITAXE, ADDRESS + ".late").mining(false).build());
        miners.add(late);
        assertTrue(late.awaitMining(TIMEOUT), () -> late.transcript().toString());
        new WebDriverWait(browser, TIMEOUT).withMessage("the new worker's row")
                .until(d -> !d.findElements(By.cssSelector("#workers tr[data-worker='late']")).isEmpty());
        new WebDriverWait(browser, TIMEOUT).withMessage("rig1's accepted count moves")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> Long.parseLong(cell(d.findElement(By.cssSelector("#workers tr[data-worker='rig1']")), "td.accepted"))
                        > acceptedBefore);
        assertEquals(Boolean.TRUE, chrome.js("return window.sameDocument === true"), "the page was not reloaded");
        assertTrue(Integer.parseInt(chrome.text("user-workers-online")) >= 4, chrome.text("user-workers-online"));
    }

    @Test
    void anUnknownUsersPageTurnsIntoItsPageWhenItConnectsAndUnderPplnsShowsBalanceAndPayouts() throws Exception {
        try (PoolFixture pplns = new PoolFixture("0.0005", Map.of("payout.scheme", "pplns"))) {
            String pplnsBase = "http://127.0.0.1:" + pplns.pool.apiPort();
            browser.get(pplnsBase + "/users/carol");
            assertTrue(browser.findElement(By.id("unknown")).isDisplayed(), "carol has not connected yet");
            SimMiner rig = pplns.start(pplns.options(FirmwareProfile.CPUMINER, "carol.rig").mining(false).build());
            assertTrue(rig.awaitMining(TIMEOUT), () -> rig.transcript().toString());
            new WebDriverWait(browser, TIMEOUT).withMessage("carol's page once she connected")
                    .until(d -> d.findElement(By.id("known")).isDisplayed());
            chrome.awaitUpdates(1);
            assertTrue(browser.findElement(By.id("balance-card")).isDisplayed());
            assertFalse(browser.findElement(By.id("odds-card")).isDisplayed());
            JsonNode carol = mapper.readTree(http.send(HttpRequest.newBuilder(URI.create(pplnsBase + "/api/users/carol")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(carol.get("balance").asLong() + " sat", satoshis(chrome.text("balance")) + " sat");
            assertEquals(carol.get("paid").asLong() + " sat", satoshis(chrome.text("paid")) + " sat");
            assertTrue(browser.findElement(By.id("payouts-section")).isDisplayed());
            assertEquals("No payout yet.", chrome.text("no-payouts"));
            assertEquals("rig", browser.findElement(By.cssSelector("#workers tbody tr")).getDomAttribute("data-worker"));
            open("/blocks"); // leave before that pool stops, so no poll of it fails in the console
        }
    }

    @Test
    void anUnknownUserGetsAFriendlyPage() throws Exception {
        open("/users/nobody-yet");
        assertTrue(browser.findElement(By.id("unknown")).isDisplayed());
        assertFalse(browser.findElement(By.id("known")).isDisplayed());
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("No miner called “nobody-yet” yet"));
        assertEquals(200, send("/users/nobody-yet").statusCode());
        assertEquals(404, send("/api/users/nobody-yet").statusCode(), "the API still answers a JSON 404");
    }

    @Test
    void blocksPageListsTheApiBlocks() throws Exception {
        open("/blocks");
        agreeWithinRefreshes("blocks", () -> {
            List<String> problems = new ArrayList<>();
            JsonNode blocks = api("/api/blocks?limit=50").get("blocks");
            same(problems, "hashes", hashes(blocks), chrome.attributes("#blocks tbody tr", "data-hash"));
            List<String> heights = new ArrayList<>();
            List<String> statuses = new ArrayList<>();
            blocks.forEach(b -> heights.add(b.get("height").asText()));
            blocks.forEach(b -> statuses.add(b.get("status").asText()));
            same(problems, "heights", heights, chrome.texts("#blocks tbody td.height"));
            same(problems, "statuses", statuses, chrome.texts("#blocks tbody td .state"));
            return problems;
        });
        assertFalse(browser.findElements(By.cssSelector("#blocks tbody tr")).isEmpty());
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it stops the miners to time the pages on a quiet pool
    void screenshotsAtDesktopAndPhoneWidthsLightAndDarkWithFirstPaint() throws Exception {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("pool", "/");
        pages.put("user", "/users/" + ADDRESS);
        pages.put("blocks", "/blocks");
        for (var page : pages.entrySet()) {
            for (var width : Map.of("desktop", 1280, "phone", 390).entrySet()) {
                chrome.resize(width.getValue(), 900);
                open(page.getValue());
                printTimings(page.getValue(), width.getKey());
                Number inner = (Number) chrome.js("return window.innerWidth");
                assertEquals(width.getValue(), inner.intValue(), "the viewport is " + width.getKey() + " wide");
                Number scroll = (Number) chrome.js("return document.documentElement.scrollWidth");
                assertTrue(scroll.intValue() <= width.getValue(), page.getKey() + " scrolls sideways at " + width.getKey()
                        + " width: " + scroll);
                chrome.fullPageScreenshot(SHOTS.resolve(page.getKey() + "-" + width.getKey() + ".png"), width.getValue());
            }
        }
        chrome.resize(1280, 900);
        assertTrue(Files.size(SHOTS.resolve("user-phone.png")) > 10_000);
        darkScreenshot();
        miners.forEach(SimMiner::stop);
        for (String path : pages.values()) {
            printWarmFirstPaint(path);
        }
        printBaselineFirstPaint();
    }

    /** With the reader's colour scheme dark, the page is dark. */
    private void darkScreenshot() throws IOException {
        String light = (String) chrome.js("return getComputedStyle(document.body).backgroundColor");
        chrome.prefersDark(true);
        try {
            open("/users/" + ADDRESS);
            String dark = (String) chrome.js("return getComputedStyle(document.body).backgroundColor");
            assertEquals("rgb(18, 20, 23)", dark, "dark background (light was " + light + ")");
            chrome.fullPageScreenshot(SHOTS.resolve("user-dark.png"), 1280);
        } finally {
            chrome.prefersDark(false);
            chrome.resize(1280, 900);
        }
    }

    /** Figures for BENCHMARKS.md, printed and never asserted: the median of five loads with the assets cached. */
    private void printWarmFirstPaint(String path) {
        List<Double> paints = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open(path);
            paints.add(chrome.firstPaint());
        }
        paints.sort(null);
        Object response = chrome.js("return performance.getEntriesByType('navigation')[0].responseEnd");
        System.out.printf("web page %s (desktop, assets cached, miners stopped): first contentful paint median %.0f ms"
                + " of %s; last load: page received at %.0f ms%n", path, paints.get(2), paints, ((Number) response).doubleValue());
    }

    /** What this machine's Chromium needs to paint one line of text with no request at all, for comparison. */
    private void printBaselineFirstPaint() {
        List<Double> paints = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            browser.get("data:text/html,<!doctype html><title>t</title><p>one line of text</p>");
            paints.add(chrome.firstPaint());
        }
        paints.sort(null);
        System.out.printf("baseline (data: URL, one line of text): first contentful paint median %.0f ms of %s%n",
                paints.get(2), paints);
        open("/blocks"); // back to the pool, for the checks after each test
    }

    private void printTimings(String path, String width) {
        double paint = chrome.firstPaint();
        Object data = chrome.js("const m = performance.getEntriesByName('first-data')[0]; return m ? m.startTime : -1");
        System.out.printf("web page %s (%s): first contentful paint %.0f ms, first data %.0f ms after navigation start%n",
                path, width, paint, ((Number) data).doubleValue());
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Opens a page and waits for its first update from the API. */
    private void open(String path) {
        browser.get(base + path);
        if (!path.startsWith("/users/nobody")) {
            chrome.awaitUpdates(1);
        }
    }

    /**
     * The figures change while miners mine, so page and API are compared again after each of the
     * page's refreshes, up to five, and the test fails with the last disagreement.
     */
    private void agreeWithinRefreshes(String what, Callable<List<String>> problems) throws Exception {
        List<String> last = List.of();
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                last = problems.call();
            } catch (StaleElementReferenceException e) {
                last = List.of("the page redrew a table while it was read");
            }
            if (last.isEmpty()) {
                return;
            }
            chrome.awaitUpdates(chrome.updates() + 1);
        }
        fail(what + " on the page differ from the API: " + String.join("; ", last));
    }

    private static List<String> hashes(JsonNode blocks) {
        List<String> out = new ArrayList<>();
        blocks.forEach(b -> out.add(b.get("hash").asText()));
        return out;
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return mapper.readTree(r.body());
    }
}
