package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.v2.ChannelKind;
import io.stratumpool.sim.v2.FakeV2Pool;
import io.stratumpool.sim.v2.ScriptedPool;
import io.stratumpool.sv2.message.OpenStandardMiningChannel;
import io.stratumpool.sv2.noise.PoolKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The CLI's Stratum V2 options: checked together with the others, and a timed V2 run against a scripted pool. */
class MainV2Test {
    private static final String KEY = PoolKeys.generate(new SecureRandom()).authorityPublicKeyBase58();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void v2NeedsTheAuthorityKeyAndTakesAChannelKind() {
        assertEquals(2, run("--protocol", "v2", "--channel", "group"));
        String e = text(err);
        assertTrue(e.contains("--authority-key: required with --protocol v2"), e);
        assertTrue(e.contains("--channel: group (expected: standard or extended)"), e);
    }

    @Test
    void v2OptionsAreRefusedForV1AndABadProtocolIsNamed() {
        assertEquals(2, run("--authority-key", KEY, "--channel", "standard"));
        String e = text(err);
        assertTrue(e.contains("--authority-key: only with --protocol v2"), e);
        assertTrue(e.contains("--channel: only with --protocol v2"), e);
        assertEquals(2, run("--protocol", "v3"));
        assertTrue(text(err).contains("--protocol: v3 (expected: v1 or v2)"), text(err));
    }

    @Test
    void aMistypedAuthorityKeyIsRefusedBeforeConnecting() {
        assertEquals(2, run("--protocol", "v2", "--authority-key", KEY.substring(0, KEY.length() - 1) + "x"));
        assertTrue(text(err).contains("--authority-key: authority public key"), text(err));
    }

    @Test
    void v2DefaultsToPort3336AndExtendedChannels() {
        CliOptions o = CliOptions.parse("--protocol", "v2", "--authority-key", KEY);
        assertEquals(3336, o.port());
        assertEquals(ChannelKind.EXTENDED, o.channel());
        assertEquals(KEY, o.v2MinerOptions(0).authorityKey());
        assertEquals("sim.v2-0", o.v2MinerOptions(0).user());
    }

    @Test
    void runsAV2FleetOnStandardChannelsAndReports() throws Exception {
        try (FakeV2Pool pool = new FakeV2Pool()) {
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> run("--protocol", "v2",
                    "--authority-key", pool.authorityKey(), "--channel", "standard", "--port", String.valueOf(pool.port()),
                    "--miners", "2", "--hashrate", "100000", "--duration", "1.5", "--interval", "0.5", "--hash-threads", "1"));
            for (int i = 0; i < 2; i++) {
                ScriptedPool side = ScriptedPool.open(pool, ScriptedPool.target(246));
                assertTrue(side.open instanceof OpenStandardMiningChannel, side.open.toString());
                side.sendJob(1, true);
                side.sendPrevHash(1, (byte) 0x77);
            }
            assertEquals(0, code.get(), text(out) + text(err));
            String o = text(out);
            assertTrue(o.contains("2 Stratum V2 miner(s), standard channels"), o);
            assertTrue(o.contains("final: mining 0/2"), o);
            assertTrue(o.matches("(?s).*final: .* accepted [1-9].*"), "shares accepted through the CLI: " + o);
        }
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private static String text(ByteArrayOutputStream s) {
        return s.toString(StandardCharsets.UTF_8);
    }
}
