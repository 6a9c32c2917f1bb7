package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.validator.Hash256;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pool on each Netty transport ({@code stratum.transport}): miners subscribe, get work, have
 * shares accepted and receive the clean job of a new block through the fan-out. A transport this
 * machine lacks must refuse to start instead of quietly running on another.
 */
class TransportsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(StratumTransport.class)
    void minersMineAndFollowANewBlockOnEachTransport(StratumTransport transport) throws Exception {
        if (!transport.isAvailable()) {
            assertThrows(IllegalStateException.class, () -> new PoolFixture("0.01",
                    Map.of("stratum.transport", transport.configName())).close());
            return;
        }
        try (PoolFixture fixture = new PoolFixture("1000", Map.of("stratum.transport", transport.configName()))) {
            assertTrue(fixture.pool.metrics().scrape().contains("stratum_transport{transport=\""
                    + transport.configName() + "\"} 1"), () -> fixture.pool.metrics().scrape().lines().filter(l -> l.contains("transport")).toList().toString());
            List<SimMiner> miners = List.of(
                    fixture.start(fixture.options(FirmwareProfile.CPUMINER, "alice.one").build()),
                    fixture.start(fixture.options(FirmwareProfile.CPUMINER, "alice.two").build()));
            for (SimMiner miner : miners) {
                assertTrue(miner.awaitAccepted(1, TIMEOUT), miner.name() + " has a share accepted on " + transport);
            }
            Hash256 block = fixture.sandbox().mineExternalBlock();
            for (SimMiner miner : miners) {
                assertTrue(miner.await(m -> m.job().map(j -> j.prevHash().equals(block) && j.cleanJobs()).orElse(false),
                        TIMEOUT), miner.name() + " got the new block's clean job on " + transport);
                long before = miner.counters().accepted();
                assertTrue(miner.awaitAccepted(before + 1, TIMEOUT), miner.name() + " mines on the new block");
            }
        }
    }

    @Test
    void autoTakesIoUringWhereAvailableThenEpollThenNio() {
        StratumTransport expected = StratumTransport.IO_URING.isAvailable() ? StratumTransport.IO_URING
                : StratumTransport.EPOLL.isAvailable() ? StratumTransport.EPOLL : StratumTransport.NIO;
        assertEquals(expected, StratumTransport.choose("auto"));
    }

    @Test
    void anUnknownTransportNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StratumTransport.choose("kqueue"));
        assertTrue(e.getMessage().startsWith("stratum.transport: kqueue (expected: "), e.getMessage());
    }
}
