package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stratumpool.pool.accounting.PayoutConfig;
import io.stratumpool.pool.api.ApiConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger, payout and api sections as the config loader binds them: strict, every key named. */
class LedgerConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** The sections of a config file this part owns. */
    record Sections(LedgerConfig ledger, PayoutConfig payout, ApiConfig api) {
    }

    static final String EXAMPLE = """
            ledger:
              store: postgresql
              url: jdbc:postgresql://127.0.0.1:5432/stratumpool
              user: stratumpool
              password: secret
              dataDir: null
              schema: null
              poolSize: 8
              commitWindowMillis: 2
              maxBatch: 1000
              queueCapacity: 20000
              ackTimeoutMillis: 10000
              retentionDays: 7
            payout:
              scheme: pplns
              fee: 0.01
              pplnsFactor: 2
              minimumPayout: 1000000
              requireAddress: false
              coinbase:
                enabled: true
                maxOutputs: 100
                maxBytes: 900
                dust: 546
                windowRefreshSeconds: 10
              wallet:
                enabled: true
                kind: bitcoind
                url: http://127.0.0.1:8332/wallet/pool
                nodeUrl: http://127.0.0.1:8332/
                user: pool
                password: secret
                walletId: primary
                feeRate: null
                maxFeeRate: 50
                confirmations: 6
                intervalSeconds: 600
                approval: false
                requestTimeoutMillis: 30000
                voidDepth: 6
            api:
              host: 127.0.0.1
              port: 8080
            """;

    @Test
    void bindsEveryKeyOfTheExample() throws Exception {
        Sections s = YAML.readValue(EXAMPLE, Sections.class);
        assertEquals(LedgerConfig.Store.POSTGRESQL, s.ledger().store());
        assertEquals(10_000, s.ledger().ackTimeoutMillis());
        assertEquals(PayoutConfig.Scheme.PPLNS, s.payout().scheme());
        assertTrue(s.payout().coinbasePayouts());
        assertTrue(s.payout().wallet().enabled());
        assertEquals("http://127.0.0.1:8332/wallet/pool", s.payout().wallet().url());
        assertEquals(8080, s.api().port());
        assertEquals(List.of(), s.ledger().validate());
        assertEquals(List.of(), s.payout().validate());
        assertEquals(List.of(), s.api().validate());
    }

    @Test
    void rejectsAnUnknownKey() {
        assertThrows(JsonMappingException.class, () -> YAML.readValue(EXAMPLE.replace("maxBatch", "maxBatches"),
                Sections.class));
    }

    @Test
    void listsEveryProblemWithTheExpectedRange() {
        var bad = new LedgerConfig(LedgerConfig.Store.POSTGRESQL, "mysql://x", null, null, null, null, 1, 2, 0, 0,
                50, 0);
        assertEquals(List.of("ledger.url: mysql://x (expected jdbc:postgresql://host:port/database)",
                "ledger.poolSize: 1 (expected 2..64)", "ledger.maxBatch: 0 (expected 1..100000)",
                "ledger.queueCapacity: 0 (expected 1..10000000)", "ledger.ackTimeoutMillis: 50 (expected 100..600000)",
                "ledger.retentionDays: 0 (expected 1..36500)"), bad.validate());
        assertEquals(3, new PayoutConfig(PayoutConfig.Scheme.PPS, 1.0, 0.0, 10L).validate().size());
        assertTrue(new ApiConfig("", 70000).validate().contains("api.port: 70000 (expected 0..65535)"));
    }

    @Test
    void namesEveryCoinbasePayoutProblem() {
        var cb = new io.stratumpool.pool.accounting.CoinbasePayoutConfig(true, 0, 1000, 100L, 0.0);
        assertEquals(List.of("payout.coinbase.enabled: true (expected only with payout.scheme: pplns, not pps)",
                "payout.coinbase.maxOutputs: 0 (expected 1..250)",
                "payout.coinbase.maxBytes: 1000 (expected 250..900 bytes: the node reserves room for about 900 bytes"
                        + " of coinbase in a full block)",
                "payout.coinbase.dust: 100 (expected >= 294 satoshis, the smallest standard output)",
                "payout.coinbase.windowRefreshSeconds: 0.0 (expected 0.1..600)"),
                new PayoutConfig(PayoutConfig.Scheme.PPS, 0.01, 2.0, 1_000_000L, false, cb).validate());
        assertEquals(List.of("stratum.ports[1].coinbaseMaxBytes: 200 (expected 250..900 bytes: the node reserves room"
                + " for about 900 bytes of coinbase in a full block)"),
                io.stratumpool.pool.accounting.CoinbasePayoutConfig.checkBytes("stratum.ports[1].coinbaseMaxBytes", 200));
    }

    @Test
    void namesEveryWalletPayoutProblem() {
        var wallet = new io.stratumpool.pool.accounting.WalletPayoutConfig(true, null, "ftp://node", null, "pool", null,
                null, 80.0, 50.0, 0, 0.0, null, 10L, 0);
        assertEquals(List.of("payout.wallet.enabled: true (expected only with payout.scheme pplns or pps; solo pays in the"
                        + " coinbase)",
                "payout.wallet.url: \"ftp://node\" (expected http://host:port/)",
                "payout.wallet.nodeUrl: \"ftp://node\" (expected http://host:port/)",
                "payout.wallet.password: missing (expected the wallet RPC password or API key)",
                "payout.wallet.feeRate: 80.0 (expected 1 <= sat/vB <= maxFeeRate 50.0)",
                "payout.wallet.confirmations: 0 (expected 1..1000)",
                "payout.wallet.intervalSeconds: 0.0 (expected 0.1..86400)",
                "payout.wallet.voidDepth: 0 (expected 1..1000)",
                "payout.wallet.requestTimeoutMillis: 10 (expected >= 100)"),
                new PayoutConfig(PayoutConfig.Scheme.SOLO, 0.01, 2.0, 1_000_000L, false, null, wallet).validate());
        assertEquals(List.of(), new PayoutConfig(PayoutConfig.Scheme.PPS, 0.01, 2.0, 1_000_000L).validate(),
                "wallet payouts are off by default, and then nothing is checked");
    }

    @Test
    void placesTheSqliteFileUnderTheDataDirectory() {
        assertTrue(LedgerConfig.sqlite("/var/lib/pool").jdbcUrl().endsWith("/var/lib/pool/ledger.db"));
        assertEquals(List.of(), LedgerConfig.sqlite("data").validate());
    }
}
