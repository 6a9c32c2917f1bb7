package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Transcript;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each firmware profile against the real pool over a loopback socket: every request of its
 * handshake gets exactly the reply that firmware needs, the firmware's own rules never trip, and
 * its shares (with version rolling where it negotiates it) are accepted.
 */
class FirmwareProfilesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static PoolFixture fixture;

    @BeforeAll
    static void startPool() throws InterruptedException {
        fixture = new PoolFixture("0.002");
    }

    @AfterAll
    static void stopPool() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(FirmwareProfile.class)
    void handshakeRepliesAreExactAndSharesAreAccepted(FirmwareProfile profile) throws IOException {
        SimMiner miner = fixture.start(fixture.options(profile, "alice." + profile.name().toLowerCase())
                .hashrate(2_000_000).build());
        try {
            assertTrue(miner.awaitAccepted(3, TIMEOUT), () -> profile + " got no accepted shares:\n" + miner.transcript());
            assertEquals(Optional.empty(), miner.failure(), () -> miner.transcript().toString());
            assertRepliesExact(miner);
            assertDifficultyBeforeFirstNotify(miner.transcript());
            if (miner.versionMask().isPresent()) {
                assertTrue(acceptedSubmitWithVersionBits(miner), () -> profile + ": no accepted rolled share\n" + miner.transcript());
            }
            // Every reject is a stale share: a block found meanwhile (at this network difficulty a
            // clamped Bitaxe finds one with each share) moved the tip under work in flight. Anything
            // else would be the pool refusing what this firmware sends.
            long stale = miner.transcript().received().stream()
                    .filter(l -> l.contains("\"error\":[21,\"Stale share: the block changed\"")).count();
            assertEquals(stale, miner.counters().rejected(), () -> miner.transcript().toString());
        } finally {
            miner.close();
        }
    }

    /** Every handshake request got the one reply the transcripts show, with "error":null. */
    private static void assertRepliesExact(SimMiner miner) throws IOException {
        Map<String, JsonNode> replies = new HashMap<>();
        List<String> replyLines = new java.util.ArrayList<>();
        for (String line : miner.transcript().received()) {
            JsonNode node = JSON.readTree(line);
            if (!node.has("method")) {
                replies.put(node.get("id").toString(), node);
                replyLines.add(line);
            }
        }
        String sid = miner.subscription().orElseThrow().subscriptionId();
        for (String line : miner.transcript().sent()) {
            JsonNode request = JSON.readTree(line);
            String method = request.path("method").asText();
            if (method.equals("mining.submit") || request.get("id").isNull()) {
                continue;
            }
            String id = request.get("id").toString();
            JsonNode reply = replies.get(id);
            assertTrue(reply != null, "no reply to " + line);
            assertEquals(expectedReply(id, method, request, sid), JSON.writeValueAsString(reply), "reply to " + line);
        }
    }

    private static String expectedReply(String id, String method, JsonNode request, String sid) {
        return switch (method) {
            case "mining.configure" -> "{\"id\":" + id + ",\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\""
                    + String.format("%08x", Long.parseLong(request.get("params").get(1).get("version-rolling.mask").asText(), 16) & 0x1fffe000L)
                    + "\"},\"error\":null}";
            case "mining.subscribe" -> "{\"id\":" + id + ",\"result\":[[[\"mining.set_difficulty\",\"" + sid
                    + "\"],[\"mining.notify\",\"" + sid + "\"]],\"" + sid + "\",8],\"error\":null}";
            default -> "{\"id\":" + id + ",\"result\":true,\"error\":null}";
        };
    }

    private static void assertDifficultyBeforeFirstNotify(Transcript transcript) {
        int difficulty = indexOf(transcript, "\"mining.set_difficulty\"");
        int notify = indexOf(transcript, "\"mining.notify\",\"params\"");
        assertTrue(difficulty >= 0 && notify > difficulty, "set_difficulty must precede the first notify:\n" + transcript);
    }

    private static int indexOf(Transcript transcript, String fragment) {
        List<String> received = transcript.received();
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean acceptedSubmitWithVersionBits(SimMiner miner) throws IOException {
        Map<String, Boolean> okById = new HashMap<>();
        for (String line : miner.transcript().received()) {
            JsonNode node = JSON.readTree(line);
            if (!node.has("method") && node.path("result").isBoolean()) {
                okById.put(node.get("id").toString(), node.get("result").asBoolean());
            }
        }
        for (String line : miner.transcript().sent()) {
            JsonNode request = JSON.readTree(line);
            if ("mining.submit".equals(request.path("method").asText()) && request.get("params").size() == 6
                    && Boolean.TRUE.equals(okById.get(request.get("id").toString()))) {
                return true;
            }
        }
        return false;
    }
}
