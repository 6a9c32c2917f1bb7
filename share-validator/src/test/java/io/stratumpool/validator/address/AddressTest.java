package io.stratumpool.validator.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";

    @ParameterizedTest
    @CsvSource({
        // Genesis block coinbase output (block 0): hash160 62e907b15cbf27d5425399ebf6f0fb50ebb88f18.
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, main, 76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac, P2PKH",
        // Source: Bitcoin Core src/test/data/key_io_valid.json (address, scriptPubKey, chain).
        "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo, main, 76a914a31c06bd463e3923bc1aadbde48b16976c08071788ac, P2PKH",
        "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm, main, a914373b819a068f32b7a6b38b6b38729647cfde01c287, P2SH",
        "3BZECeAH8gSKkjrTx8PwMrNQBLG18yHpvf, main, a9146c382dcdf5b284760c8e3fead91f7422cd76aa8787, P2SH",
        "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ, testnet4, 76a914ce28b26c57472737f5c3561a1761185bd8589a4388ac, P2PKH",
        "n4YNbYuFdPwFrxSP8sjHFbAhUbLMUiY9jE, testnet4, 76a914fc8f9851f3c1e4719cd0b8e4816dd4e88c72e52888ac, P2PKH",
        "2NC2hEhe28ULKAJkW5MjZ3jtTMJdvXmByvK, testnet4, a914ce0bba75891ff9ec60148d4bd4a09ee2dc5c933187, P2SH",
        "mww4LvqtTMKvmeQvizPz2EQv26xTneWrbg, signet, 76a914b4110ba93ac54afc14da3bdd19614774a2d55d2988ac, P2PKH",
        "2N1r7aC69VHeE7yQJPDLi9T1PYq4wnwvjuT, signet, a9145e5a35ab44b3efaea5129ba22b88ba3e2976614587, P2SH",
        "n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ, regtest, 76a914fdeca3b08e38af53d7c4c60e3ad208ce5066441088ac, P2PKH",
        "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA, regtest, a91436e9f191e0b75036a77f65e2eaa4752443233fbe87, P2SH",
        "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv, main, 00146100fc6343edc8c874496cb2f5bbfec88ea9b77c, P2WPKH",
        "tb1q3vya2h5435jkugq2few7dmktlrwq4ejmfaw7kr, signet, 00148b09d55e958d256e200a4e5de6eecbf8dc0ae65b, P2WPKH",
        "tb1rx9n9g37az8mu236e5jpxdt0m67y4fuq8rhs0ss3djnm0kscfrwvq0ntlyg, signet, "
                + "532031665447dd11f7c54759a48266adfbd78954f0071de0f8422d94f6fb43091b98, WITNESS_UNKNOWN",
        "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9, regtest, 00146f58bac9506f9bfb821d62e69330410bb56f0085, P2WPKH",
        "bcrt1s489d9fhmyel0vzfqsrmew4x7r80asuqesm5hgqacy35daflcyufh3j8cgdtflvt99ph05m, regtest, "
                + "6028a9cad2a6fb267ef6092080f79754de19dfd8701986e97403b82468dea7f8271378c8f843569fb165, WITNESS_UNKNOWN",
    })
    void decodesCoreKeyIoVectorsOnTheirChain(String text, String chain, String scriptHex, AddressType type) {
        Address address = Address.parse(text, Network.named(chain));
        assertEquals(scriptHex, HEX.formatHex(address.outputScript()));
        assertEquals(type, address.type());
        assertSame(Network.named(chain), address.network());
        assertTrue(Address.isValid(text, Network.named(chain)));
    }

    @ParameterizedTest
    @CsvSource({
        // Source: Bitcoin Core key_io_valid.json regtest scripts; the rb1 spellings of the same programs were
        // generated with an independent Python implementation of BIP-173/350 (it reproduces Core's bcrt1 strings).
        "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9, rb1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy9tyefte, "
                + "00146f58bac9506f9bfb821d62e69330410bb56f0085",
        "bcrt1qan8gntac7z7me2ejt4hpru42ad2f759fmy0m3ejvs98656znv7eqga4uhv, "
                + "rb1qan8gntac7z7me2ejt4hpru42ad2f759fmy0m3ejvs98656znv7eqracudp, "
                + "0020ecce89afb8f0bdbcab325d6e11f2aaeb549f50a9d91fb8e64c814faa685367b2",
        "bcrt1pfwxjqvtt4tcxrtdluukfmy2dv7xd2qzdfy6kajv5nwn4yam3wxkq3553uh, "
                + "rb1pfwxjqvtt4tcxrtdluukfmy2dv7xd2qzdfy6kajv5nwn4yam3wxkq65e3x6, "
                + "51204b8d20316baaf061adbfe72c9d914d678cd5004d49356ec9949ba752777171ac",
    })
    void decodesCoreRegtestAndBcoinRegtestSpellingsToTheSameScript(String core, String bcoin, String scriptHex) {
        Address onCore = Address.parse(core, Network.REGTEST);
        Address onBcoin = Address.parse(bcoin, Network.BCOIN_REGTEST);
        assertEquals(scriptHex, HEX.formatHex(onCore.outputScript()));
        assertEquals(scriptHex, HEX.formatHex(onBcoin.outputScript()));
        assertEquals(onCore.type(), onBcoin.type());
        assertFalse(Address.isValid(bcoin, Network.REGTEST));
    }

    @ParameterizedTest
    @CsvSource({
        // Source: bcoin 1.0.2 Address.fromPubkeyhash / fromScripthash(751e76e8199196d454941c45d1b3a323f1433bd6)
        // .toString('regtest'); bcoin's regtest generatetoaddress accepts them and refuses Core's 0x6f/0xc4 ones.
        "RKxTdfmtxtfLDKZBgx6SvNkBtNu9jRYnLh, P2PKH, 76a914751e76e8199196d454941c45d1b3a323f1433bd688ac",
        "GUXByHDZLvU4DnVH9imSFckt3HEQ5cFgE5, P2SH, a914751e76e8199196d454941c45d1b3a323f1433bd687",
    })
    void decodesBcoinRegtestBase58Addresses(String text, AddressType type, String scriptHex) {
        Address address = Address.parse(text, Network.BCOIN_REGTEST);
        assertEquals(type, address.type());
        assertEquals(scriptHex, HEX.formatHex(address.outputScript()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ", "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA"})
    void rejectsCoreRegtestBase58AddressesOnBcoinRegtest(String text) {
        // Source: Bitcoin Core key_io_valid.json (regtest). bcoin's regtest would not recognise them.
        assertTrue(Address.isValid(text, Network.REGTEST));
        AddressException e = assertThrows(AddressException.class, () -> Address.parse(text, Network.BCOIN_REGTEST));
        assertTrue(e.problem().startsWith("wrong base58 version byte 0x"), e::getMessage);
    }

    @ParameterizedTest
    @CsvSource({
        // Addresses from key_io_valid.json, given to the wrong network.
        "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ, mainnet, wrong base58 version byte 0x6f for mainnet",
        "2NC2hEhe28ULKAJkW5MjZ3jtTMJdvXmByvK, mainnet, wrong base58 version byte 0xc4 for mainnet",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, testnet, wrong base58 version byte 0x00 for testnet",
        "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm, regtest, wrong base58 version byte 0x05 for regtest",
        // Source: Bitcoin Core key_io_valid.json, a mainnet WIF private key: right checksum, 33-byte payload.
        "5HsL2nZuEebU5nM3RxNVQD9GcAnvNMahqQskf4fkqHe54zwd14e, mainnet, base58 payload must be 21 bytes",
        // The genesis address with its last character changed.
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb, mainnet, bad checksum",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0, mainnet, invalid base58 character '0' at position 33",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNO, mainnet, invalid base58 character 'O' at position 33",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNI, mainnet, invalid base58 character 'I' at position 33",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNl, mainnet, invalid base58 character 'l' at position 33",
        "x, mainnet, base58check data too short for a checksum",
    })
    void rejectsBadBase58AddressesNamingTheProblem(String text, String network, String expectedProblem) {
        AddressException e = assertThrows(AddressException.class, () -> Address.parse(text, Network.named(network)));
        assertTrue(e.problem().startsWith(expectedProblem),
                () -> "expected \"" + expectedProblem + "\" but got \"" + e.getMessage() + "\"");
        assertTrue(e.getMessage().startsWith("address \"" + text + "\": "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 19, 22, 32})
    void rejectsBase58PayloadsThatAreNotVersionPlusTwentyBytes(int hashLength) {
        byte[] payload = new byte[1 + hashLength];
        payload[0] = 0x00;
        String text = Base58.encode(Base58Test.withBouncyCastleChecksum(payload));
        AddressException e = assertThrows(AddressException.class, () -> Address.parse(text, Network.MAINNET));
        assertEquals("base58 payload must be 21 bytes (version byte + 20-byte hash), got " + (1 + hashLength),
                e.problem());
    }

    @Test
    void rejectsAnEmptyAddress() {
        AddressException e = assertThrows(AddressException.class, () -> Address.parse("", Network.MAINNET));
        assertEquals("address \"\": empty", e.getMessage());
    }

    @Test
    void rejectsANullAddressButNotANullNetwork() {
        assertThrows(AddressException.class, () -> Address.parse(null, Network.MAINNET));
        assertFalse(Address.isValid(null, Network.MAINNET));
        assertThrows(NullPointerException.class, () -> Address.parse(GENESIS, null));
    }

    @Test
    void rejectsAddressesLongerThanNinetyCharsWithoutEchoingThemWhole() {
        String hostile = "bc1q" + "q".repeat(100_000);
        AddressException e = assertThrows(AddressException.class, () -> Address.parse(hostile, Network.MAINNET));
        assertEquals("too long (100004 chars, max 90)", e.problem());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertTrue(e.getMessage().contains("…(100004 chars)"), e.getMessage());
    }

    @Test
    void escapesControlCharactersAndQuotesInMessages() {
        AddressException e = assertThrows(AddressException.class,
                () -> Address.parse("1A1z\n\"\u0000", Network.MAINNET));
        assertEquals("address \"1A1z\\u000a\\u0022\\u0000\": invalid base58 character U+000A at position 4",
                e.getMessage());
    }

    @Test
    void returnsADefensiveCopyOfTheOutputScript() {
        Address address = Address.parse(GENESIS, Network.MAINNET);
        address.outputScript()[0] = 0;
        assertEquals(0x76, address.outputScript()[0] & 0xff);
    }

    @Test
    void keepsTheOriginalSpellingButComparesByNetworkAndScript() {
        Address lower = Address.parse("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Network.MAINNET);
        Address upper = Address.parse("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", Network.MAINNET);
        assertEquals("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", upper.toString());
        assertEquals(lower, upper);
        assertEquals(lower.hashCode(), upper.hashCode());
        assertNotEquals(lower, Address.parse(GENESIS, Network.MAINNET));
        assertNotEquals(Address.parse("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Network.TESTNET),
                Address.parse("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Network.SIGNET));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Source: Bitcoin Core src/test/data/key_io_invalid.json: invalid as an address on every chain.
        "", "x",
        "1GAdfviErV2Ew95FPtZyikz2qGP3gyCB6Hyu94sedAkPpA523m3fQwps9YKUZkKgQckGPKhRsFR",
        "37G2kMDLpmWVhimxRdzwNfE8JFvWXnJYnVcXeeGrek2qumdJuK7XArcVVpRtLLjRra3t64BEPF2",
        "giymtio7u7oqWtmC9YnvAEKkLF3JQpAdkEFkVJKYrVDfaLbhaDpX1ihfF2vZmya1i61fwLPC3YQ",
        "8iVk9nLM3nYwRuwypjy9NK5rsuZH7BbrQRZ1pgcQmvMnjAgRXD",
        "cPTVQ1hbo4qdoysf6Jx5GthqucNmdfqt6J2pZRFeXv8Ep7Kmjqud",
        "cQbR2Ny85XFBzUMx3Ed6HsTLw2pVruSgPvt5AofnBUnhiv86gYeW",
        "2UB3iG3VJbX2TRrMwm6ssWskgvU9VjFBYSqCzwqkrihCwo7mg4mtS4WuGZgxTKuxf5A3EcotYEymz",
        "cQe12pqwPR6ExtZKfrKf1q4b3CTh1Qi7MwuvMvzs79nWXDvESfBJ",
        "tc1qeul5g2xfkvdkrhcfmdursv73ad64jnkjl9c40f",
        "bt1pq65rzej5glw3ra79gav6fqnx4haa0z257qr3mc8cggkefahmgvyseufhc0",
        "tb13hty4qmumlwpp6chxjvcyzza4duqgtmxw3xhm3u9ahj4nyhtwz8eq7ynrj4",
        "bcrt1r2qxpwuge",
        "bc10uexgzna2dpfk0vjt35srz6a27ps6m0l89jweznt83n2sqn2fx4hvn9ym5af8wut34sfrqhk3",
        "tb1qum6uh0pt4q253qaf520929737v63w5gf",
        "bcrt1q888ryfgxpvl0k7vum8zpyar2u2sexvdhkf38ue37yknmqq0ycrwpl3w48y",
        "bc1qdsuzmn04k2z8vryw8l4dj8m5ygqgnne5n",
        "tb1qlj8es50nc8j8r8xshrjgzmw5azx89efghmw8ju6zcqla0g6xcnrstsjz7k",
        "bcrt1qzwmyj0z924g7fzs5yvnrkc43y76RVyr2lh5t4r",
        "bc1qpu6d26mrulzetu4jqhd7rsunv9aqru26f5c4j8",
        "tb1qun6d26ufh77ghny6u5u8cwz9da7qwc6k4wkuceae9tth06eqlw0syupl4w",
        "bcrt1qj7g2jps453kj9htk9cxyyc2nxe69x4kzzmth7v",
        "bc1p702xksx4z3uqf0u2phllxkfe5cgu0adxptqs0uelx0tqt8e885sqryes2l",
        "tb1z7gmh0v6pc30z4xum76lmw8w86yswrlmw",
        "bcrt1sjsrw6nun4h502cr97xmnyyuhkr22q0s6efrgtu",
        "2UVPFpGYnLHJezFzjUo42our6PMEoozzRdM",
        "2MygHQjE1U33q3LSC53p69YqFjP8PihumJAF",
        "KzNbAQ4mexfAxa6RKBzHQqfoTycaeWpv2p",
        "2jDPrDfAKihCGPbPD9ztY8TswAia4V8Bc6vx",
        "39TKsUQ5QpEL1wowc6GMUqak94ijirPuP69ooV3xsFmiKQX2dau",
        "tc1qdlapns4zkn03juf2k9xwwpct209suj6mgcd9gh",
        "bcrt1rjqr2tdkm",
        "TB1QFDFM763VXVSUNZHQLPWC0Q8FG5LJX6ZN",
        "bcrt1q60chha7wfwlau4kdr4mlvyeyc8mnnh9dhxk05e0hmrxcuhghefj36uwyha",
        "bc1gmk9yu",
        "tb1ly0q7p",
        "bcrt1qdwttaw38uf42wxw40kwk3u8nguyTQH3hx6jmqp",
        "bc1qtsvlht6730n04f2mpaj5vv8hrledn5n5ug8c79",
        "tb1dclvmr",
        "bc1prklpq7tjcawg89cmwwqr3u5apwav36xa4zz56ady7crsllm6mpnqts7p86",
        "tb1zkm58zyhxz3ffkfgsyprflg543slsl4c4",
        "AZEah8d1EK362okRBS66e8SvdtYkrE8tsX",
        "2NDNP7GY59tTJPZTpbkprhM9SR99Nn5rUs7",
        "Kwjk3Vy6sdXMQDGWJzaWmqFxUNtWZCX1q4F4Kpt8jNNUoWJUUaTY",
        "TB1Q3F9WGNXE9ZMTTMDN5VKVKHYZ8Y0LCV72YV7V5LSXTJXEYHNHEHASLYL0TZ",
        "sp1qq22l5s6l9460ww6t4tkzsy2a7zejurcmzz35pt0ffrzk5erlaykdcqugecjjnjqf7ggq39vl6wexjlm00n66z94v675n7wcux6d2krr68gcwu9kg",
    })
    void rejectsCoreInvalidKeyIoVectorsOnEveryNetwork(String text) {
        for (Network network : Network.all()) {
            assertThrows(AddressException.class, () -> Address.parse(text, network), network::name);
            assertFalse(Address.isValid(text, network), network::name);
        }
    }
}
