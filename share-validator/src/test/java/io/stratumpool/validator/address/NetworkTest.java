package io.stratumpool.validator.address;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {

    @Test
    void constantsCarryTheAddressParametersOfEachNetwork() {
        // Values from Bitcoin Core src/kernel/chainparams.cpp (base58Prefixes, bech32_hrp) and bcoin lib/protocol/networks.js.
        assertAll(
                () -> assertParams(Network.MAINNET, "mainnet", 0x00, 0x05, "bc"),
                () -> assertParams(Network.TESTNET, "testnet", 0x6f, 0xc4, "tb"),
                () -> assertParams(Network.SIGNET, "signet", 0x6f, 0xc4, "tb"),
                () -> assertParams(Network.REGTEST, "regtest", 0x6f, 0xc4, "bcrt"),
                () -> assertParams(Network.BCOIN_REGTEST, "bcoin-regtest", 0x3c, 0x26, "rb"));
    }

    @ParameterizedTest
    @CsvSource({
        "mainnet, mainnet", "main, mainnet", "bitcoin, mainnet",
        "testnet, testnet", "testnet3, testnet", "testnet4, testnet", "test, testnet",
        "signet, signet", "regtest, regtest", "bcoin-regtest, bcoin-regtest",
        "MAINNET, mainnet", "TestNet4, testnet", "RegTest, regtest", "BCOIN-REGTEST, bcoin-regtest",
    })
    void looksUpNetworksByConfigAndRpcNamesIgnoringCase(String name, String expected) {
        assertEquals(expected, Network.named(name).name());
    }

    @Test
    void returnsTheSharedConstantsFromLookup() {
        assertSame(Network.MAINNET, Network.named("main"));
        assertSame(Network.SIGNET, Network.named("signet"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mainnet ", "testnet5", "litecoin", "bcoin_regtest"})
    void rejectsUnknownNetworkNamesListingTheAcceptedOnes(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.named(name));
        assertTrue(e.getMessage().contains("\"" + name + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("mainnet, main, bitcoin, testnet, testnet3, testnet4, test, signet, "
                + "regtest, bcoin-regtest"), e.getMessage());
    }

    @Test
    void rejectsNullNetworkNameWithIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.named(null));
        assertTrue(e.getMessage().contains("expected one of"), e.getMessage());
    }

    @Test
    void printsItsName() {
        assertEquals("bcoin-regtest", Network.BCOIN_REGTEST.toString());
    }

    private static void assertParams(Network network, String name, int p2pkh, int p2sh, String hrp) {
        assertEquals(name, network.name());
        assertEquals(p2pkh, network.p2pkhVersion());
        assertEquals(p2sh, network.p2shVersion());
        assertEquals(hrp, network.bech32Hrp());
    }
}
