package io.stratumpool.validator.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressSegwitTest {

    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> validSegwitAddresses() {
        return Stream.of(
                // Source: BIP-350, "Test vectors for v0-v16 native segregated witness addresses" (valid list).
                Arguments.of("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                        "0014751e76e8199196d454941c45d1b3a323f1433bd6", AddressType.P2WPKH),
                Arguments.of("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
                        "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262", AddressType.P2WSH),
                Arguments.of("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
                        "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
                        AddressType.WITNESS_UNKNOWN),
                Arguments.of("BC1SW50QGDZ25J", "6002751e", AddressType.WITNESS_UNKNOWN),
                Arguments.of("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323",
                        AddressType.WITNESS_UNKNOWN),
                Arguments.of("tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
                        "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433", AddressType.P2WSH),
                Arguments.of("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
                        "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433", AddressType.P2TR),
                Arguments.of("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
                        "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", AddressType.P2TR),
                // Source: BIP-173 "Examples" (v0 addresses stay valid under BIP-350); scripts computed from the
                // example key 0279BE66...: hash160 751e76e8... and sha256(key OP_CHECKSIG) 1863143c....
                Arguments.of("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                        "0014751e76e8199196d454941c45d1b3a323f1433bd6", AddressType.P2WPKH),
                Arguments.of("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
                        "0014751e76e8199196d454941c45d1b3a323f1433bd6", AddressType.P2WPKH),
                Arguments.of("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
                        "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262", AddressType.P2WSH),
                // Source: Bitcoin Core src/test/data/key_io_valid.json (address, scriptPubKey).
                Arguments.of("bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv",
                        "00146100fc6343edc8c874496cb2f5bbfec88ea9b77c", AddressType.P2WPKH),
                Arguments.of("bc1qyucykdlhp62tezs0hagqury402qwhk589q80tqs5myh3rxq34nwqhkdhv7",
                        "002027304b37f70e94bc8a0fbf500e0c957a80ebda87280ef58214d92f119811acdc", AddressType.P2WSH),
                Arguments.of("bc1p83n3au0rjylefxq2nc2xh2y4jzz4pm6zxj4mw5pagdjjr2a9f36s6jjnnu",
                        "51203c671ef1e3913f94980a9e146ba895908550ef4234abb7503d436521aba54c75", AddressType.P2TR),
                Arguments.of("bc1z2rksukkjr8", "520250ed", AddressType.WITNESS_UNKNOWN),
                Arguments.of("tb1rgv5m6uvdk3kc7qsuz0c79v88ycr5w4wa", "53104329bd718db46d8f021c13f1e2b0e726",
                        AddressType.WITNESS_UNKNOWN),
                Arguments.of("tb1p35n52jy6xkm4wd905tdy8qtagrn73kqdz73xe4zxpvq9t3fp50aqk3s6gz",
                        "51208d2745489a35b75734afa2da43817d40e7e8d80d17a26cd4460b0055c521a3fa", AddressType.P2TR));
    }

    @ParameterizedTest
    @MethodSource("validSegwitAddresses")
    void decodesValidSegwitAddressesToTheirOutputScript(String text, String scriptHex, AddressType type) {
        Address address = Address.parse(text, networkOfHrp(text));
        assertEquals(scriptHex, HEX.formatHex(address.outputScript()));
        assertEquals(type, address.type());
        assertEquals(text, address.toString());
    }

    @ParameterizedTest
    @MethodSource("validSegwitAddresses")
    void acceptsEitherCaseOfValidSegwitAddresses(String text, String scriptHex, AddressType type) {
        // Bitcoin Core's key_io tests try the case-flipped spelling too ("tryCaseFlip").
        for (String spelling : new String[] {text.toLowerCase(Locale.ROOT), text.toUpperCase(Locale.ROOT)}) {
            assertEquals(scriptHex, HEX.formatHex(Address.parse(spelling, networkOfHrp(text)).outputScript()));
        }
    }

    @ParameterizedTest
    @MethodSource("validSegwitAddresses")
    void encodesEachValidSegwitAddressFromItsWitnessVersionAndProgram(String text, String scriptHex, AddressType type) {
        byte[] script = HEX.parseHex(scriptHex);
        int version = script[0] == 0 ? 0 : (script[0] & 0xff) - 0x50;
        byte[] program = java.util.Arrays.copyOfRange(script, 2, script.length);
        String hrp = networkOfHrp(text).bech32Hrp();
        assertEquals(text.toLowerCase(Locale.ROOT), Bech32.encodeSegwit(hrp, version, program));
    }

    @ParameterizedTest
    @CsvSource({
        "-1, 20, 'witness version -1 out of range (0..16)'",
        "17, 20, 'witness version 17 out of range (0..16)'",
        "0, 21, 'witness v0 program must be 20 or 32 bytes, got 21'",
        "1, 1, 'witness program must be 2 to 40 bytes, got 1'",
        "1, 41, 'witness program must be 2 to 40 bytes, got 41'",
    })
    void refusesToEncodeAWitnessProgramThatDecodingWouldReject(int version, int length, String expectedProblem) {
        AddressException e = assertThrows(AddressException.class,
                () -> Bech32.encodeSegwit("bc", version, new byte[length]));
        assertEquals(expectedProblem, e.problem());
    }

    static Stream<Arguments> invalidSegwitAddresses() {
        return Stream.of(
                // Source: BIP-350, invalid segwit addresses; the BIP's reason follows each one.
                Arguments.of("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", Network.MAINNET,
                        "network mismatch (expected hrp \"bc\" for mainnet, got \"tc\")"), // invalid HRP
                Arguments.of("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", Network.MAINNET,
                        "bech32 checksum used for witness v1"), // Bech32 instead of Bech32m
                Arguments.of("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", Network.TESTNET,
                        "bech32 checksum used for witness v2"), // Bech32 instead of Bech32m
                Arguments.of("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", Network.MAINNET,
                        "bech32 checksum used for witness v16"), // Bech32 instead of Bech32m
                Arguments.of("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", Network.MAINNET,
                        "bech32m checksum used for witness v0"), // Bech32m instead of Bech32
                Arguments.of("tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", Network.TESTNET,
                        "bech32m checksum used for witness v0"), // Bech32m instead of Bech32
                Arguments.of("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", Network.MAINNET,
                        "invalid character 'o' at position 59"), // invalid character in checksum
                Arguments.of("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", Network.MAINNET,
                        "witness version 17 out of range (0..16)"), // invalid witness version
                Arguments.of("bc1pw5dgrnzv", Network.MAINNET,
                        "witness program must be 2 to 40 bytes, got 1"), // invalid program length (1 byte)
                Arguments.of("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
                        Network.MAINNET, "witness program must be 2 to 40 bytes, got 41"), // 41 bytes
                Arguments.of("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", Network.MAINNET,
                        "witness v0 program must be 20 or 32 bytes, got 16"), // invalid v0 length (BIP-141)
                Arguments.of("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", Network.TESTNET,
                        "mixed case"), // mixed case
                Arguments.of("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", Network.MAINNET,
                        "too much padding"), // zero padding of more than 4 bits
                Arguments.of("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", Network.TESTNET,
                        "non-zero padding bits"), // non-zero padding in 8-to-5 conversion
                Arguments.of("bc1gmk9yu", Network.MAINNET, "empty data part"), // empty data section
                // Source: BIP-173, invalid segwit addresses (reasons as in the BIP).
                Arguments.of("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", Network.TESTNET,
                        "network mismatch (expected hrp \"tb\" for testnet, got \"tc\")"), // invalid HRP
                Arguments.of("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", Network.MAINNET,
                        "bad checksum"), // invalid checksum
                Arguments.of("BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", Network.MAINNET,
                        "witness version 17 out of range"), // invalid witness version
                Arguments.of("bc1rw5uspcuh", Network.MAINNET,
                        "bech32 checksum used for witness v3"), // invalid program length (and pre-BIP-350 checksum)
                Arguments.of("bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
                        Network.MAINNET, "bech32 checksum used for witness v15"), // invalid program length (41)
                Arguments.of("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", Network.MAINNET,
                        "witness v0 program must be 20 or 32 bytes, got 16"), // invalid v0 length (BIP-141)
                Arguments.of("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", Network.TESTNET,
                        "mixed case"), // mixed case
                Arguments.of("bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", Network.MAINNET,
                        "bech32 checksum used for witness v2"), // zero padding of more than 4 bits (and bech32)
                Arguments.of("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv", Network.TESTNET,
                        "non-zero padding bits"), // non-zero padding in 8-to-5 conversion
                // Source: BIP-173's valid v1+ addresses were made with bech32; BIP-350 makes them invalid.
                Arguments.of("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
                        Network.MAINNET, "bech32 checksum used for witness v1"),
                Arguments.of("BC1SW50QA3JX3S", Network.MAINNET, "bech32 checksum used for witness v16"),
                Arguments.of("bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj", Network.MAINNET,
                        "bech32 checksum used for witness v2"),
                // Own cases (generated with an independent Python implementation of the BIP-173/350 checksum).
                Arguments.of("bc1qqqqsyqcyq5rqwzqfpg9scrgwpugpzysnzsf6edgu", Network.MAINNET,
                        "witness v0 program must be 20 or 32 bytes, got 21"));
    }

    @ParameterizedTest
    @CsvSource({
        // BIP-173 "Examples" addresses, each given to a network it is not for.
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx, mainnet, "
                + "'network mismatch (expected hrp \"bc\" for mainnet, got \"tb\", used by testnet, signet)'",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, regtest, "
                + "'network mismatch (expected hrp \"bcrt\" for regtest, got \"bc\", used by mainnet)'",
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, bcoin-regtest, "
                + "'network mismatch (expected hrp \"rb\" for bcoin-regtest, got \"bc\", used by mainnet)'",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7, regtest, "
                + "'network mismatch (expected hrp \"bcrt\" for regtest, got \"tb\", used by testnet, signet)'",
    })
    void rejectsSegwitAddressesOfAnotherNetworkNamingBoth(String text, String network, String expectedProblem) {
        AddressException e = assertThrows(AddressException.class, () -> Address.parse(text, Network.named(network)));
        assertEquals(expectedProblem, e.problem());
    }

    @ParameterizedTest
    @MethodSource("invalidSegwitAddresses")
    void rejectsInvalidSegwitAddressesNamingTheProblem(String text, Network network, String expectedProblem) {
        AddressException e = assertThrows(AddressException.class, () -> Address.parse(text, network));
        assertTrue(e.problem().startsWith(expectedProblem),
                () -> "expected \"" + expectedProblem + "\" but got \"" + e.getMessage() + "\"");
        assertTrue(e.getMessage().startsWith("address \"" + text + "\": "), e.getMessage());
        assertEquals(false, Address.isValid(text, network));
    }

    @ParameterizedTest
    @MethodSource("invalidSegwitAddresses")
    void rejectsInvalidSegwitAddressesOnEveryNetwork(String text, Network ignored, String alsoIgnored) {
        for (Network network : Network.all()) {
            assertThrows(AddressException.class, () -> Address.parse(text, network), network::name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Source: Bitcoin Core src/test/data/key_io_valid.json, regtest entries.
        "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9",
        "bcrt1qan8gntac7z7me2ejt4hpru42ad2f759fmy0m3ejvs98656znv7eqga4uhv",
        "bcrt1pfwxjqvtt4tcxrtdluukfmy2dv7xd2qzdfy6kajv5nwn4yam3wxkq3553uh",
    })
    void rejectsCoreRegtestAddressesOnBcoinRegtest(String text) {
        AddressException e = assertThrows(AddressException.class, () -> Address.parse(text, Network.BCOIN_REGTEST));
        assertTrue(e.problem().startsWith("network mismatch (expected hrp \"rb\" for bcoin-regtest, got \"bcrt\""),
                e.getMessage());
    }

    private static Network networkOfHrp(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("bc1") ? Network.MAINNET : Network.TESTNET;
    }
}
