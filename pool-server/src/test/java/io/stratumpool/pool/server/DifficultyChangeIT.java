package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.ShareOutcome;
import io.stratumpool.sim.SimMiner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * ESP-Miner (Bitaxe) drops a notify whose job id it has seen and applies a new difficulty only
 * with a new job. After a vardiff step or a clamped suggestion the pool must therefore send the
 * work under a new job id, and the miner mines at the new difficulty from its next share on.
 */
class DifficultyChangeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The port's ceiling: vardiff (aiming far higher) and Bitaxe's suggestion of 1000 both land here. */
    private static final double CEILING = 0.0002;

    @Test
    void aVardiffStepReachesAnEspMinerWithANewJobIdAndItsNextShareHasTheNewDifficulty() throws Exception {
        try (PoolFixture fixture = new PoolFixture("1", Map.of(
                "stratum.ports[0].maxDifficulty", Double.toString(CEILING),
                "stratum.ports[0].targetShareSeconds", "1",
                "stratum.ports[0].retargetShares", "10",
                "stratum.ports[0].retargetSeconds", "2"))) {
            // A suggestion equal to the starting difficulty: the change comes from vardiff alone.
            assertSwitchesWithinOneShare(fixture, "0.00001");
        }
    }

    @Test
    void aClampedSuggestionReachesAnEspMinerWithANewJobIdAndItsNextShareHasTheNewDifficulty() throws Exception {
        try (PoolFixture fixture = new PoolFixture("1", Map.of(
                "stratum.ports[0].maxDifficulty", Double.toString(CEILING),
                "stratum.ports[0].vardiff", "false"))) {
            assertSwitchesWithinOneShare(fixture, null); // Bitaxe's own suggestion, 1000, clamped to the ceiling
        }
    }

    private static void assertSwitchesWithinOneShare(PoolFixture fixture, String suggestion) throws IOException {
        List<ShareOutcome> outcomes = new CopyOnWriteArrayList<>();
        SimMiner miner = fixture.start(fixture.options(FirmwareProfile.BITAXE, "alice.bitaxe")
                .suggestDifficulty(suggestion).hashrate(2_000_000).shareListener(outcomes::add).build());
        try {
            assertTrue(miner.await(m -> outcomes.stream().anyMatch(o -> o.share().workDifficulty() == CEILING && o.accepted()),
                    TIMEOUT), () -> "no accepted share at " + CEILING + "\n" + miner.transcript());
            Switch change = switchTo(miner, CEILING);
            assertTrue(change.newJobId(), () -> "the notify after set_difficulty repeats a job id: " + change);
            assertFalse(change.clean(), "same work: clean_jobs false");
            int first = firstIndex(outcomes, change.jobId());
            assertTrue(first >= 0, () -> "no share on job " + change.jobId() + ": " + outcomes);
            for (ShareOutcome o : outcomes.subList(first, outcomes.size())) {
                assertEquals(CEILING, o.share().workDifficulty(), () -> "after the switch: " + o);
            }
            for (ShareOutcome o : outcomes) {
                if (o.share().jobId().equals(change.jobId())) {
                    assertTrue(o.accepted(), () -> "share on the new job id: " + o);
                }
            }
            assertEquals(Optional.empty(), miner.failure());
            assertEquals(0, miner.counters().rejected(), () -> "old job ids stay valid: " + outcomes);
        } finally {
            miner.close();
        }
    }

    /** The set_difficulty to {@code difficulty} and the notify right after it. */
    private record Switch(String jobId, boolean clean, boolean newJobId) {
    }

    private static Switch switchTo(SimMiner miner, double difficulty) {
        Set<String> seen = new HashSet<>();
        boolean switched = false;
        for (String line : miner.transcript().received()) {
            JsonNode node = read(line);
            String method = node.path("method").asText();
            if (method.equals("mining.set_difficulty") && node.path("params").path(0).asDouble() == difficulty) {
                switched = true;
            } else if (method.equals("mining.notify")) {
                String jobId = node.path("params").path(0).asText();
                if (switched) {
                    return new Switch(jobId, node.path("params").path(8).asBoolean(), !seen.contains(jobId));
                }
                seen.add(jobId);
            }
        }
        throw new AssertionError("no set_difficulty " + difficulty + " followed by a notify:\n" + miner.transcript());
    }

    private static int firstIndex(List<ShareOutcome> outcomes, String jobId) {
        List<ShareOutcome> copy = new ArrayList<>(outcomes);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).share().jobId().equals(jobId)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
