package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Operators see firmware by firmware: shares of a Bitaxe and a Whatsminer mining on the pool are
 * counted under their own firmware family and major version on /metrics, the raw user agents never
 * appear there, and the workers API shows each worker's family and raw user agent.
 */
class FirmwareMetricsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABELS = Pattern.compile("\\{([^}]*)}");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sharesOfEachFirmwareAreCountedUnderItsOwnFamilyAndNoRawUserAgentBecomesALabel() throws Exception {
        try (PoolFixture fixture = new PoolFixture("0.002")) {
            // Low suggestions keep shares cheap (the firmware's own, 1000 and 1024, would be clamped to the network's).
            SimMiner bitaxe = fixture.start(fixture.options(FirmwareProfile.BITAXE, "fw.bitaxe").hashrate(2_000_000)
                    .suggestDifficulty("0.00001").build());
            SimMiner whatsminer = fixture.start(fixture.options(FirmwareProfile.WHATSMINER, "fw.whatsminer")
                    .hashrate(2_000_000).suggestDifficulty("0.00001").build());
            try {
                assertTrue(bitaxe.awaitAccepted(3, TIMEOUT), () -> "bitaxe:\n" + bitaxe.transcript());
                assertTrue(whatsminer.awaitAccepted(3, TIMEOUT), () -> "whatsminer:\n" + whatsminer.transcript());
                Map<String, Double> valid = new HashMap<>();
                Waits.until("both firmwares' accepted shares on /metrics", TIMEOUT, () -> {
                    valid.clear();
                    valid.putAll(validSharesByFirmware(get(fixture, "/metrics")));
                    return valid.getOrDefault("bitaxe/2", 0.0) >= 3 && valid.getOrDefault("whatsminer/1", 0.0) >= 3;
                });
                assertEquals(java.util.Set.of("bitaxe/2", "whatsminer/1"), valid.keySet(), "no share under another firmware");

                String scrape = get(fixture, "/metrics");
                assertTrue(scrape.contains("stratum_miners{firmware=\"bitaxe\",firmware_major=\"2\",protocol=\"v1\"} 1"), scrape);
                assertTrue(scrape.contains("stratum_miners{firmware=\"whatsminer\",firmware_major=\"1\",protocol=\"v1\"} 1"), scrape);
                for (String raw : new String[] {FirmwareProfile.BITAXE.userAgent(), "v2.9.0b3", "BM1368", "gdd577d0",
                        FirmwareProfile.WHATSMINER.userAgent()}) {
                    assertFalse(scrape.contains(raw), "raw user agent text <" + raw + "> on /metrics:\n" + scrape);
                }

                JsonNode workers = awaitWorkers(fixture);
                assertWorker(workers, "bitaxe", "bitaxe", "2", FirmwareProfile.BITAXE.userAgent());
                assertWorker(workers, "whatsminer", "whatsminer", "1", FirmwareProfile.WHATSMINER.userAgent());
            } finally {
                bitaxe.close();
                whatsminer.close();
            }
            Waits.until("the miners gone from stratum_miners", TIMEOUT, () -> fixture.pool.metrics().scrape()
                    .contains("stratum_miners{firmware=\"bitaxe\",firmware_major=\"2\",protocol=\"v1\"} 0"));
        }
    }

    /** Accepted and block shares on a scrape, by "firmware/firmware_major" (series still at zero left out). */
    private static Map<String, Double> validSharesByFirmware(String scrape) {
        Map<String, Double> byFirmware = new HashMap<>();
        for (String line : scrape.lines().filter(l -> l.startsWith("stratum_shares_total{")).toList()) {
            Matcher m = LABELS.matcher(line);
            assertTrue(m.find(), line);
            Map<String, String> labels = new HashMap<>();
            for (String pair : m.group(1).split(",")) {
                String[] kv = pair.split("=", 2);
                labels.put(kv[0], kv[1].replace("\"", ""));
            }
            assertTrue(labels.containsKey("firmware") && labels.containsKey("firmware_major"), line);
            double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            // Series registered at zero (so dashboards have data on a fresh pool) are no shares.
            if (!"rejected".equals(labels.get("result")) && count > 0) {
                byFirmware.merge(labels.get("firmware") + "/" + labels.get("firmware_major"), count, Double::sum);
            }
        }
        return byFirmware;
    }

    private JsonNode awaitWorkers(PoolFixture fixture) throws Exception {
        JsonNode[] workers = new JsonNode[1];
        Waits.until("both workers in /api/users/fw/workers", TIMEOUT, () -> {
            workers[0] = json(get(fixture, "/api/users/fw/workers")).get("workers");
            return workers[0] != null && workers[0].size() == 2;
        });
        return workers[0];
    }

    private static void assertWorker(JsonNode workers, String name, String family, String major, String userAgent) {
        for (JsonNode w : workers) {
            if (w.get("worker").asText().equals(name)) {
                assertTrue(w.get("online").asBoolean(), w.toString());
                assertEquals(family, w.get("firmware").asText(), w.toString());
                assertEquals(major, w.get("firmwareMajor").asText(), w.toString());
                assertEquals(userAgent, w.get("userAgent").asText(), w.toString());
                return;
            }
        }
        throw new AssertionError("no worker " + name + " in " + workers);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String get(PoolFixture fixture, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.pool.apiPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
