package io.stratumpool.pool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stratum.v2 section: on by default on 3336, keys both or neither, bounded frames. */
class V2ConfigTest {
    @Test
    void v2RunsByDefaultOnPort3336WithTheV1DifficultyDefaults() {
        V2Config v2 = ConfigLoader.load(null, Map.of()).stratum().v2();
        assertTrue(v2.enabled());
        assertEquals(List.of(3336), v2.ports().stream().map(PortConfig::port).toList());
        assertEquals(PortConfig.defaults(3333).initialDifficulty(), v2.ports().get(0).initialDifficulty());
        assertEquals(365, v2.certificateValidityDays());
    }

    @Test
    void badKeysAndLimitsAreEachNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(
                "stratum.v2.authoritySecretKey", "abc",
                "stratum.v2.maxFrameLength", "10",
                "stratum.v2.ports[0].port", "3333",
                "stratum.v2.certificateValidityDays", "0")));
        List<String> p = e.problems();
        assertHas(p, "stratum.v2.authoritySecretKey: 3 characters (expected: 64 hex digits");
        assertHas(p, "stratum.v2.staticSecretKey: missing");
        assertHas(p, "stratum.v2.maxFrameLength: 10 (expected: 1024..1048576)");
        assertHas(p, "stratum.v2.ports: [3333]");
        assertHas(p, "stratum.v2.certificateValidityDays: 0");
        ConfigException zero = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(
                "stratum.v2.authoritySecretKey", "00".repeat(32), "stratum.v2.staticSecretKey", "11".repeat(32))));
        assertHas(zero.problems(), "stratum.v2.authoritySecretKey: (hidden) (expected: a secret key in 1..n-1");
    }

    @Test
    void aV2PortMayTakeProxyHeadersButNotTls() {
        assertTrue(ConfigLoader.load(null, Map.of("stratum.v2.ports[0].port", "3336",
                "stratum.v2.ports[0].proxyProtocol", "true")).stratum().v2().ports().get(0)
                .proxyProtocol());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(
                "stratum.v2.ports[0].port", "3336", "stratum.v2.ports[0].tls", "true")));
        assertHas(e.problems(), "stratum.v2.ports[0].tls: true (expected: false: V2 is encrypted by its Noise handshake)");
    }

    @Test
    void aDisabledV2SectionIsNotChecked() {
        assertEquals(false, ConfigLoader.load(null, Map.of("stratum.v2.enabled", "false", "stratum.v2.maxFrameLength", "10"))
                .stratum().v2().enabled());
    }

    private static void assertHas(List<String> problems, String prefix) {
        assertTrue(problems.stream().anyMatch(x -> x.startsWith(prefix)), () -> "no problem starting " + prefix + " in " + problems);
    }
}
