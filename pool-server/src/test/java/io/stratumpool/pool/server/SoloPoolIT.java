package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Block;
import io.stratumpool.validator.Transaction;
import io.stratumpool.validator.address.Address;
import io.stratumpool.validator.address.Network;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool configured for solo mining: each miner's blocks pay its own address, less the pool fee. */
class SoloPoolIT {
    private static final String ADDRESS = "bcrt1qsejuyfhzq8uqqs8sc096n96d4hz55zl6mhv6lw";

    @Test
    void soloMinersBlockPaysItsAddressAndOnlyAddressesMayMine() throws Exception {
        try (PoolFixture fixture = new PoolFixture("0.0005", Map.of("payout.scheme", "solo", "payout.fee", "0.02"))) {
            SimMiner stranger = fixture.start(fixture.options(FirmwareProfile.CPUMINER, "not-an-address").autoHandshake(false)
                    .mining(false).build());
            assertTrue(stranger.await(m -> m.state() == SimMiner.State.HANDSHAKING, Duration.ofSeconds(30)));
            JsonNode refused = stranger.request("mining.authorize", "not-an-address.rig", "x").get(10, TimeUnit.SECONDS);
            assertEquals(24, refused.get("error").get(0).asInt(), refused.toString());
            stranger.close();

            SimMiner miner = fixture.start(fixture.options(FirmwareProfile.NERDQAXE, ADDRESS + ".rig").build());
            Waits.until("an accepted block", Duration.ofSeconds(120),
                    () -> fixture.pool.blocks().countByStatus().getOrDefault(BlockStatus.ACCEPTED, 0L) >= 1);
            miner.close();
            BlockRecord record = fixture.pool.blocks().recent(10).stream()
                    .filter(b -> b.status() == BlockStatus.ACCEPTED).findFirst().orElseThrow();
            assertEquals(ADDRESS, record.user());
            Block block = fixture.sandbox().acceptedBlock(record.hash()).orElseThrow();
            Transaction coinbase = block.transactions().get(0);
            long reward = coinbase.outputs().stream().mapToLong(Transaction.Output::value).sum();
            assertArrayEquals(Address.parse(ADDRESS, Network.REGTEST).outputScript(), coinbase.outputs().get(0).script());
            assertEquals(reward - Math.round(reward * 0.02), coinbase.outputs().get(0).value(), 1, "the finder's part");
            assertTrue(coinbase.outputs().get(1).value() > 0, "the pool fee output");
        }
    }
}
