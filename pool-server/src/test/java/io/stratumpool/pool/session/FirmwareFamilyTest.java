package io.stratumpool.pool.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.metrics.FirmwareLabels;
import io.stratumpool.sim.FirmwareProfile;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User agents as real firmware sends them (shared/vectors/firmware-transcripts.md, miner-sim's
 * FirmwareProfile, public pools' logs) map to a family and a major version from a fixed, small set.
 */
class FirmwareFamilyTest {
    private static final Pattern LABEL = Pattern.compile("[a-z]+");
    private static final Pattern MAJOR = Pattern.compile("unknown|[0-9]|[1-3][0-9]");

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            // ESP-Miner 2.9 and 2.4 (transcripts: ESP-Miner PRs #1064 and #498)
            "bitaxe/BM1368/v2.9.0b3-24-gdd577d0   | bitaxe     | 2",
            "bitaxe/BM1368/v2.4.0-8-g00b8411-dirty | bitaxe     | 2",
            "bitaxe/BM1366/v2.1.10                 | bitaxe     | 2",
            "bitaxe/BM1370                         | bitaxe     | unknown",
            "ESP-Miner/v2.5.0                      | bitaxe     | 2",
            // NerdQAxe++ (shufps/qaxe #33) and relatives
            "NerdQAxe++/BM1370/v1.0.36             | nerdqaxe   | 1",
            "NerdQAxe+/BM1368/v1.0.28              | nerdqaxe   | 1",
            "NerdAxe/BM1366/v1.0.20                | nerdqaxe   | 1",
            "NerdOCTAXE-y/BM1370/v1.0.33           | nerdqaxe   | 1",
            // NerdMiner (public-pool #152): the V2 is the board, 1.8.3 the version
            "NerdMinerV2/1.8.3                     | nerdminer  | 1",
            "NerdMinerV2                           | nerdminer  | unknown",
            // Braiins OS
            "bosminer/1.2.0                        | braiins    | 1",
            "bOS+ 24.03                            | braiins    | unknown",
            "braiins-os/25.01                      | braiins    | 25",
            // Bitmain stock (stratum-mining/stratum PR #455 and newer user agents)
            "bmminer/2.0.0                         | antminer   | 2",
            "Antminer BHB42XXX/Tue Mar 22 11:52:15 CST 2022 | antminer | unknown",
            "Antminer S19k Pro/Fri Oct 10 11:13:07 CST 2025 | antminer | unknown",
            // MicroBT (stratum-mining/stratum #1173)
            "whatsminer/v1.0                       | whatsminer | 1",
            "btminer/3.1.2                         | whatsminer | 3",
            // Canaan / cgminer 4.11
            "cgminer/4.11.1                        | cgminer    | 4",
            "cgminer/4.10.0-avalon                 | cgminer    | 4",
            "Avalon Nano 3                         | cgminer    | unknown",
            // NiceHash
            "NiceHash/1.0.0                        | nicehash   | 1",
            "excavator/1.7.5                       | nicehash   | 1",
            // cpuminer and forks
            "cpuminer/2.5.1                        | cpuminer   | 2",
            "cpuminer-opt/3.8.8.1                  | cpuminer   | 3",
            "cpuminer-multi/1.3.1                  | cpuminer   | 1",
            "cpuminer-opt/25.6                     | cpuminer   | 25",
            // anything else: the family other, never a version
            "sgminer/5.1.0                         | other      | unknown",
            "test/1.0                              | other      | unknown",
            "MyCustomMiner/7                       | other      | unknown",
    })
    void realUserAgentsMapToTheirFamilyAndMajorVersion(String userAgent, String family, String major) {
        assertEquals(new FirmwareLabels(family, major), FirmwareFamily.labels(userAgent), userAgent);
    }

    @ParameterizedTest
    @EnumSource(FirmwareProfile.class)
    void everySimulatedFirmwareProfileIsAKnownFamily(FirmwareProfile profile) {
        FirmwareLabels labels = FirmwareFamily.labels(profile.userAgent());
        assertTrue(!labels.family().equals("other"), profile + " " + profile.userAgent());
        assertTrue(!labels.major().equals("unknown"), profile + " " + profile.userAgent());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "/", "//v2", "notbitaxe/v2", "🙂"})
    void missingOrJunkUserAgentsAreOtherAndUnknown(String userAgent) {
        assertEquals(FirmwareLabels.UNKNOWN, FirmwareFamily.labels(userAgent));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bitaxe/BM1368/v40.0.0", "cgminer/99.1", "cpuminer/123.4", "bmminer/2021.12", "whatsminer/v-1"})
    void implausibleMajorVersionsAreUnknownNotANewLabel(String userAgent) {
        assertEquals(FirmwareFamily.UNKNOWN_MAJOR, FirmwareFamily.labels(userAgent).major(), userAgent);
    }

    @Test
    void boundaryMajorVersionsAreKept() {
        assertEquals("0", FirmwareFamily.labels("cgminer/0.9").major());
        assertEquals(String.valueOf(FirmwareFamily.MAX_MAJOR), FirmwareFamily.labels("cgminer/" + FirmwareFamily.MAX_MAJOR + ".1").major());
    }

    @Test
    void wordsThatMerelyStartWithBosAreNotBraiins() {
        assertEquals(FirmwareFamily.OTHER, FirmwareFamily.of("boston-miner/1.0"));
        assertEquals(FirmwareFamily.BRAIINS, FirmwareFamily.of("bOS"));
    }

    /** Whatever a miner sends, the labels come from the fixed set: at most families × (majors + unknown) values. */
    @Test
    void labelValuesAreBoundedWhateverTheUserAgent() {
        Set<FirmwareLabels> seen = new HashSet<>();
        String[] prefixes = {"bitaxe/BM1368/v", "NerdQAxe++/BM1370/v", "cgminer/", "x/", "Antminer ", "whatsminer/v",
                "<script>/", "cpuminer-opt/", "NiceHash/"};
        for (String prefix : prefixes) {
            for (int i = 0; i < 2000; i++) {
                String ua = prefix + i + "." + (i * 7 % 13) + "-g" + Integer.toHexString(i * 31);
                FirmwareLabels labels = FirmwareFamily.labels(ua);
                assertTrue(LABEL.matcher(labels.family()).matches(), labels.toString());
                assertTrue(MAJOR.matcher(labels.major()).matches(), labels.toString());
                assertFalse(ua.equals(labels.family()) || ua.equals(labels.major()), ua);
                seen.add(labels);
            }
        }
        Set<String> families = new HashSet<>();
        EnumSet.allOf(FirmwareFamily.class).forEach(f -> families.add(f.label()));
        seen.forEach(l -> assertTrue(families.contains(l.family()), l.toString()));
        assertTrue(seen.size() <= families.size() * (FirmwareFamily.MAX_MAJOR + 2), "distinct labels: " + seen.size());
    }
}
