package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each profile sends the exact lines of its firmware-transcripts.md exchange, in order, and
 * pipelines exactly the requests the firmware sends before it has any reply.
 */
class HandshakeTranscriptTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SESSION = "ae6812eb4cd7735a302a8a9dd95cf71f";
    private static final String CONFIGURE_FFFFFFFF =
            "\"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], {\"version-rolling.mask\": \"ffffffff\"}]}";
    private static final String CONFIGURE_1FFFE000 =
            "\"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], {\"version-rolling.mask\": \"1fffe000\"}]}";
    private static final String AUTHORIZE = "\"method\": \"mining.authorize\", \"params\": [\"tester.rig1\", \"x\"]}";
    @RegisterExtension
    static final SharedSimRuntime RUNTIME = new SharedSimRuntime(1, 1);

    static Stream<Arguments> transcripts() {
        return Stream.of(
                Arguments.of(FirmwareProfile.BITAXE, List.of(
                        "{\"id\": 1, " + CONFIGURE_FFFFFFFF,
                        "{\"id\": 2, \"method\": \"mining.subscribe\", \"params\": [\"bitaxe/BM1368/v2.9.0b3-24-gdd577d0\"]}",
                        "{\"id\": 3, " + AUTHORIZE,
                        "{\"id\": 4, \"method\": \"mining.suggest_difficulty\", \"params\": [1000]}",
                        "{\"id\": 5, \"method\": \"mining.extranonce.subscribe\", \"params\": []}")),
                Arguments.of(FirmwareProfile.BITAXE_LEGACY, List.of(
                        "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"bitaxe/BM1368/v2.4.0-8-g00b8411-dirty\"]}",
                        "{\"id\": 2, " + CONFIGURE_FFFFFFFF,
                        "{\"id\": 3, " + AUTHORIZE,
                        "{\"id\": 4, \"method\": \"mining.suggest_difficulty\", \"params\": [1000]}")),
                Arguments.of(FirmwareProfile.WHATSMINER, List.of(
                        "{\"id\": 196, " + CONFIGURE_1FFFE000,
                        "{\"id\": 197, \"method\": \"mining.subscribe\", \"params\": [\"whatsminer/v1.0\", \"" + SESSION + "\"]}",
                        "{\"id\": 198, \"method\": \"mining.suggest_difficulty\", \"params\": [1024]}",
                        "{\"id\": 199, " + AUTHORIZE)),
                Arguments.of(FirmwareProfile.ANTMINER_S9, List.of(
                        "{\"id\": 3642, \"method\": \"mining.subscribe\", \"params\": [\"bmminer/2.0.0\", \"" + SESSION + "\"]}",
                        "{\"id\": 3643, " + AUTHORIZE,
                        "{\"id\": 3644, \"method\": \"mining.multi_version\", \"params\": [1]}")),
                Arguments.of(FirmwareProfile.BRAIINS_OS, List.of(
                        "{\"id\": 1, \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], "
                                + "{\"version-rolling.bit-count\": 2, \"version-rolling.mask\": \"ffffffff\"}]}",
                        "{\"id\": 2, \"method\": \"mining.subscribe\", \"params\": [\"bmminer/2.0.0\"]}",
                        "{\"id\": 3, " + AUTHORIZE)),
                Arguments.of(FirmwareProfile.AVALON, List.of(
                        "{\"id\": 1, " + CONFIGURE_FFFFFFFF,
                        "{\"id\": 2, \"method\": \"mining.subscribe\", \"params\": [\"cgminer/4.11.1\", \"" + SESSION + "\"]}",
                        "{\"id\": 3, " + AUTHORIZE,
                        "{\"id\": 4, \"method\": \"mining.extranonce.subscribe\", \"params\": []}")),
                Arguments.of(FirmwareProfile.NERDMINER, List.of(
                        "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"NerdMinerV2/1.8.3\"]}",
                        "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"tester.rig1\",\"x\"]}",
                        "{\"id\":3,\"method\":\"mining.suggest_difficulty\",\"params\":[0.00015]}")),
                Arguments.of(FirmwareProfile.NERDQAXE, List.of(
                        "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"NerdQAxe++/BM1370/v1.0.36\"]}",
                        "{\"id\": 2, " + CONFIGURE_1FFFE000,
                        "{\"id\": 3, " + AUTHORIZE,
                        "{\"id\": 4, \"method\": \"mining.suggest_difficulty\", \"params\": [4000]}",
                        "{\"id\": 5, \"method\": \"mining.extranonce.subscribe\", \"params\": []}")),
                Arguments.of(FirmwareProfile.NICEHASH, List.of(
                        "{\"id\": 1, " + CONFIGURE_1FFFE000,
                        "{\"id\": 2, \"method\": \"mining.subscribe\", \"params\": [\"NiceHash/1.0.0\"]}",
                        "{\"id\": 3, " + AUTHORIZE,
                        "{\"id\": 4, \"method\": \"mining.extranonce.subscribe\", \"params\": []}")),
                Arguments.of(FirmwareProfile.CPUMINER, List.of(
                        "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"cpuminer/2.5.1\"]}",
                        "{\"id\": 2, " + AUTHORIZE)));
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void sendsTheExactHandshakeLinesOfItsFirmware(FirmwareProfile profile, List<String> expected) throws Exception {
        try (FakePool pool = new FakePool();
             SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(profile).mining(false).build())) {
            miner.start();
            assertTrue(miner.awaitMining(WAIT), () -> miner + "\n" + miner.transcript());
            assertTrue(miner.transcript().awaitSent(expected.size(), WAIT), () -> miner.transcript().toString());
            assertEquals(expected, miner.transcript().sent());
            assertTrue(Waits.within(WAIT, () -> pool.connection(0).received().size() == expected.size()));
            assertEquals(expected, pool.connection(0).received());
        }
    }

    static Stream<Arguments> pipelined() {
        return Stream.of(Arguments.of(FirmwareProfile.BITAXE, 3), Arguments.of(FirmwareProfile.BITAXE_LEGACY, 4),
                Arguments.of(FirmwareProfile.WHATSMINER, 1), Arguments.of(FirmwareProfile.ANTMINER_S9, 1),
                Arguments.of(FirmwareProfile.BRAIINS_OS, 1), Arguments.of(FirmwareProfile.AVALON, 1),
                Arguments.of(FirmwareProfile.NERDMINER, 1), Arguments.of(FirmwareProfile.NERDQAXE, 5),
                Arguments.of(FirmwareProfile.NICEHASH, 4), Arguments.of(FirmwareProfile.CPUMINER, 1));
    }

    @ParameterizedTest
    @MethodSource("pipelined")
    void pipelinesOnlyWhatItsFirmwareSendsBeforeAnyReply(FirmwareProfile profile, int linesBeforeAReply) throws Exception {
        try (FakePool pool = new FakePool()) {
            for (String method : List.of("mining.configure", "mining.subscribe", "mining.authorize",
                    "mining.suggest_difficulty", "mining.extranonce.subscribe")) {
                pool.replyTo(method, request -> List.of()); // a pool that never answers
            }
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(profile).mining(false).build());
            miner.start();
            assertTrue(miner.transcript().awaitSent(linesBeforeAReply, WAIT));
            Thread.sleep(200); // long enough for a wrongly pipelined request to show up
            assertEquals(linesBeforeAReply, miner.transcript().sent().size(), () -> miner.transcript().toString());
            miner.stop();
        }
    }

    @Test
    void nerdMinerResendsItsSuggestionAsAKeepAlive() throws Exception {
        try (FakePool pool = new FakePool();
             SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.NERDMINER).mining(false)
                     .keepAliveInterval(Duration.ofMillis(100)).build())) {
            miner.start();
            String again = "{\"id\":4,\"method\":\"mining.suggest_difficulty\",\"params\":[0.00015]}";
            assertTrue(miner.transcript().await(Transcript.Direction.SENT, again::equals, WAIT).isPresent(),
                    () -> miner.transcript().toString());
        }
    }

    @Test
    void aSuggestionOverrideKeepsTheFirmwaresNumberFormat() throws Exception {
        try (FakePool pool = new FakePool();
             SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).mining(false)
                     .suggestDifficulty("0.001").build())) {
            miner.start();
            String line = "{\"id\": 4, \"method\": \"mining.suggest_difficulty\", \"params\": [0.001]}";
            assertTrue(miner.transcript().await(Transcript.Direction.SENT, line::equals, WAIT).isPresent(),
                    () -> miner.transcript().toString());
        }
    }
}
