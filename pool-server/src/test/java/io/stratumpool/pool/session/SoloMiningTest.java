package io.stratumpool.pool.session;

import io.stratumpool.pool.stratum.NotifyLines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.SoloRouting;
import io.stratumpool.pool.testing.TestMining;
import io.stratumpool.validator.Block;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Transaction;
import io.stratumpool.validator.address.Address;
import io.stratumpool.validator.address.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Solo mode: each miner's jobs pay its own address (less the pool fee), and only addresses may mine. */
class SoloMiningTest {
    private static final String ALICE = "bcrt1qsejuyfhzq8uqqs8sc096n96d4hz55zl6mhv6lw";
    private static final String BOB = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    private static SessionFixture solo() {
        SoloRouting routing = new SoloRouting(Network.REGTEST, SessionFixture.POOL_SCRIPT, value -> value - value / 100);
        return new SessionFixture(new PortConfig(3333, 0.000001, 1e-9, 1e6, 10.0, 30, 90.0, true), routing,
                user -> Address.isValid(user, Network.REGTEST) ? null : "solo mining pays the user name: it must be a regtest address");
    }

    @Test
    void blockFoundBySoloMinerPaysItsAddressAndThePoolFee() {
        SessionFixture f = solo();
        f.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        List<String> lines = f.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + ALICE + ".rig\",\"x\"]}");
        JobEntry job = f.jobs.current().entryFor(ALICE);
        assertEquals(NotifyLines.text(job, true).trim(), lines.get(2), "alice gets her own job");
        assertNotEquals(f.jobs.current().entryFor(BOB).jobId(), job.jobId());

        TestMining.Found block = TestMining.find(job.job(), Hex.decode("00000000"), Hex.decode("0000000000000001"),
                job.job().nTime(), job.job().version(), job.job().networkTarget(), null, 0);
        f.send(SessionFixture.submit(3, job.jobId(), "0000000000000001", job.job().nTime(), block.nonceHex(), null)
                .replace("alice.rig1", ALICE + ".rig"));
        Transaction coinbase = Block.parse(f.source.submitted().get(0).block()).transactions().get(0);
        long value = job.job().template().coinbaseValue();
        assertArrayEquals(Address.parse(ALICE, Network.REGTEST).outputScript(), coinbase.outputs().get(0).script());
        assertEquals(value - value / 100, coinbase.outputs().get(0).value());
        assertArrayEquals(SessionFixture.POOL_SCRIPT, coinbase.outputs().get(1).script());
        assertEquals(value / 100, coinbase.outputs().get(1).value());
        assertTrue(f.ledger.committed.get(0).block());
    }

    @Test
    void soloRefusesUserNamesThatAreNotAddresses() {
        SessionFixture f = solo();
        assertEquals(List.of("{\"id\":2,\"result\":null,\"error\":[24,\"Unauthorized worker: solo mining pays the user name: it must be a regtest address\",null]}"),
                f.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"alice.rig\",\"x\"]}"));
        assertEquals(List.of("{\"id\":3,\"result\":null,\"error\":[24,\"Unauthorized worker: solo mining pays the user name: it must be a regtest address\",null]}"),
                f.send("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\",\"x\"]}"),
                "a mainnet address on a regtest pool");
    }
}
