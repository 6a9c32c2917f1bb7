package io.stratumpool.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The pool's command line (picocli): the README's options, both spellings, repeatable --set. */
class MainCommandLineTest {
    private static ParseResult parse(String... args) {
        return new CommandLine(Main.commandSpec()).parseArgs(args);
    }

    @Test
    void setIsRepeatableAndKeepsEqualsSignsInTheValue() {
        Map<String, String> set = parse("--set", "stratum.limits.maxConnections=20000", "--set=ledger.url=jdbc:x?a=b")
                .matchedOptionValue("--set", Map.of());
        assertEquals(Map.of("stratum.limits.maxConnections", "20000", "ledger.url", "jdbc:x?a=b"), set);
    }

    @Test
    void flagsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        ParseResult r = parse("--config", "pool.yaml", "--sandbox-difficulty=regtest", "--stratum-port", "4444");
        assertEquals(Path.of("pool.yaml"), r.matchedOptionValue("--config", null));
        assertEquals("regtest", r.matchedOptionValue("--sandbox-difficulty", null));
        assertEquals("4444", r.matchedOptionValue("--stratum-port", null));
    }

    @Test
    void keygenIsASubcommandWithAnOptionalKeyFileAndV2HasAPortFlag() {
        ParseResult r = parse("--stratum-v2-port", "4336", "keygen", "--out", "keys");
        assertEquals("4336", r.matchedOptionValue("--stratum-v2-port", null));
        assertEquals("keygen", r.subcommand().commandSpec().name());
        assertEquals(Path.of("keys"), r.subcommand().matchedOptionValue("--out", null));
    }

    @Test
    void anUnknownOptionIsAnError() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> parse("--stratum-prot", "1"));
        assertTrue(e.getMessage().contains("--stratum-prot"), e.getMessage());
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariable() {
        String help = Main.usage().replaceAll("\\s+", " ");
        for (String s : new String[] {"--config=FILE", "STRATUMPOOL_CONFIG", "--set=PATH=VALUE", "--stratum-host", "STRATUMPOOL_STRATUM_HOST",
                "--stratum-port", "--pool-address", "--network", "--pool-tag", "--data-dir", "--admin-token", "--sandbox-difficulty",
                "STRATUMPOOL_SANDBOX_DIFFICULTY", "--log-format", "--help", "--version", "${VAR:-default}"}) {
            assertTrue(help.contains(s), () -> s + " missing from\n" + help);
        }
    }
}
