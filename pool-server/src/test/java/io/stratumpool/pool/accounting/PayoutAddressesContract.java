package io.stratumpool.pool.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.MutableClock;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.address.AddressType;
import io.stratumpool.validator.address.Network;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who gets paid, on a real store: user names that are addresses of each type pay themselves on
 * their own network only; other names pay an address bound by an operator, every change audited
 * and kept across restarts. Addresses are the BIP173/BIP350/BIP86 and Bitcoin Core key_io vectors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PayoutAddressesContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private TestStore store;
    private Database db;

    abstract TestStore createStore(Path dir);

    @BeforeAll
    void open(@TempDir Path dir) {
        store = createStore(dir);
        db = Database.open(store.config());
    }

    @AfterAll
    void close() throws Exception {
        db.close();
        store.close();
    }

    @BeforeEach
    void empty() {
        for (String table : new String[] {"payout_addresses", "payout_address_events"}) {
            db.query(c -> c.createStatement().executeUpdate("DELETE FROM " + table));
        }
    }

    private PayoutAddresses book(String network) {
        return new PayoutAddresses(db, Network.named(network), clock);
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource({
        // mainnet: Core key_io, BIP173 (P2WSH), BIP86 (first key, P2TR)
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, mainnet, P2PKH, 76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac",
        "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm, mainnet, P2SH, a914373b819a068f32b7a6b38b6b38729647cfde01c287",
        "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv, mainnet, P2WPKH, 00146100fc6343edc8c874496cb2f5bbfec88ea9b77c",
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3, mainnet, P2WSH,"
                + " 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
        "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr, mainnet, P2TR,"
                + " 5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c",
        // testnet: Core key_io, BIP173 (P2WSH), BIP350 (P2TR)
        "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ, testnet, P2PKH, 76a914ce28b26c57472737f5c3561a1761185bd8589a4388ac",
        "2NC2hEhe28ULKAJkW5MjZ3jtTMJdvXmByvK, testnet, P2SH, a914ce0bba75891ff9ec60148d4bd4a09ee2dc5c933187",
        "tb1q3vya2h5435jkugq2few7dmktlrwq4ejmfaw7kr, testnet, P2WPKH, 00148b09d55e958d256e200a4e5de6eecbf8dc0ae65b",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7, testnet, P2WSH,"
                + " 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c, testnet, P2TR,"
                + " 5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
        // regtest: Core key_io
        "n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ, regtest, P2PKH, 76a914fdeca3b08e38af53d7c4c60e3ad208ce5066441088ac",
        "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA, regtest, P2SH, a91436e9f191e0b75036a77f65e2eaa4752443233fbe87",
        "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9, regtest, P2WPKH, 00146f58bac9506f9bfb821d62e69330410bb56f0085",
        "bcrt1qan8gntac7z7me2ejt4hpru42ad2f759fmy0m3ejvs98656znv7eqga4uhv, regtest, P2WSH,"
                + " 0020ecce89afb8f0bdbcab325d6e11f2aaeb549f50a9d91fb8e64c814faa685367b2",
        "bcrt1pfwxjqvtt4tcxrtdluukfmy2dv7xd2qzdfy6kajv5nwn4yam3wxkq3553uh, regtest, P2TR,"
                + " 51204b8d20316baaf061adbfe72c9d914d678cd5004d49356ec9949ba752777171ac",
    })
    void aUserNameThatIsAnAddressOfThePoolsNetworkPaysThatAddress(String user, String network, AddressType type,
            String scriptHex) {
        PayoutAddresses book = book(network);
        var address = book.resolve(user).orElseThrow(() -> new AssertionError(book.refusal(user)));
        assertEquals(type, address.type());
        assertEquals(scriptHex, Hex.encode(address.outputScript()));
        assertNull(book.refusal(user));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        // right address, wrong network
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, regtest, wrong base58 version byte 0x00 for regtest",
        "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv, testnet, network mismatch (expected hrp \"tb\" for testnet, got \"bc\"",
        "tb1q3vya2h5435jkugq2few7dmktlrwq4ejmfaw7kr, mainnet, network mismatch (expected hrp \"bc\" for mainnet, got \"tb\"",
        "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9, mainnet, network mismatch (expected hrp \"bc\" for mainnet, got \"bcrt\"",
        // one character changed: the checksum catches it
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb, mainnet, bad checksum",
        "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhw, mainnet, bad checksum",
        "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcs, mainnet, bad checksum",
        // a taproot program in a bech32 (not bech32m) checksum is refused (BIP350)
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx, mainnet, bech32",
        // an account name, not an address
        "alice, mainnet, ",
    })
    void anyOtherUserNameIsRefusedNamingTheCauseUntilBound(String user, String network, String cause) {
        PayoutAddresses book = book(network);
        assertTrue(book.resolve(user).isEmpty(), user);
        String refusal = book.refusal(user);
        assertTrue(refusal.startsWith("user name is not a " + Network.named(network).name() + " address ("), refusal);
        assertTrue(refusal.contains(cause == null ? "" : cause), () -> refusal + " should name " + cause);
        assertTrue(refusal.endsWith("and has no payout address bound"), refusal);
    }

    @Test
    void bindingAUserNameIsAnAuditedChangeKeptAcrossRestarts() {
        PayoutAddresses book = book("regtest");
        book.bind("alice", "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9", "operator-ann");
        clock.set(T0.plusSeconds(60));
        book.bind("alice", "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA", "operator-bob");
        assertEquals("2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA", book.resolve("alice").orElseThrow().toString());
        assertNull(book.refusal("alice"));

        PayoutAddresses restarted = book("regtest");
        assertEquals(AddressType.P2SH, restarted.resolve("alice").orElseThrow().type());
        assertEquals(List.of(
                new PayoutAddresses.Change("alice", null, "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9", "operator-ann", T0),
                new PayoutAddresses.Change("alice", "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9",
                        "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA", "operator-bob", T0.plusSeconds(60))),
                restarted.history("alice"));
        assertTrue(book("mainnet").resolve("alice").isEmpty(), "a regtest binding does not pay on mainnet");
    }

    @Test
    void refusesABindingThatCouldNotPayNamingTheCause() {
        PayoutAddresses book = book("regtest");
        assertEquals("address: address \"bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu8\": bad checksum"
                + " (neither bech32 nor bech32m) (expected a regtest address)",
                assertThrows(IllegalArgumentException.class,
                        () -> book.bind("alice", "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu8", "ann")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> book.bind("alice", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "ann")).getMessage()
                .contains("wrong base58 version byte 0x00 for regtest"));
        assertEquals("user: \"n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ\" is a regtest address and is always paid at that"
                + " address (expected a user name that is not an address)", assertThrows(IllegalArgumentException.class,
                        () -> book.bind("n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ", "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA",
                                "ann")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> book.bind("alice", "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA", " ")).getMessage().startsWith("by: missing"));
        assertTrue(book.resolve("alice").isEmpty(), "nothing was bound");
        assertEquals(List.of(), book.history("alice"));
    }
}
