package io.stratumpool.pool.session;

import static io.stratumpool.pool.session.SessionFixture.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stratumpool.pool.config.LimitsConfig;
import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.testing.TestMining;
import io.stratumpool.pool.testing.TestMining.Found;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.Target;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The request-rate limit and the ban stop abuse, never an honest miner: valid shares at the
 * difficulty the pool assigned do not count against the rate, however many come (at regtest
 * difficulty every one of them is a block), while invalid requests at that rate still close the
 * connection; every disconnect the pool makes is one INFO line on {@code event.client-disconnected}.
 */
class HonestMinerLimitsTest {
    private static final String EN1 = "00000000";
    private static final String EN2 = "0000000000000001";
    /** Five requests a second, a burst of ten: far below what the tests below send. */
    private static final LimitsConfig TIGHT = new LimitsConfig(null, null, null, null, 5, null, null);
    /** The pool's minimum difficulty is above the network's: every share at the assigned difficulty is a block. */
    private static final PortConfig MIN_ABOVE_NETWORK = new PortConfig(3333, 0.01, 0.01, 1e6, 10.0, 30, 90.0, false);
    /** Regtest's network target (nBits 207fffff): about every second hash is a block. */
    private static final long REGTEST_BITS = 0x207fffffL;

    private final ListAppender<ILoggingEvent> disconnects = new ListAppender<>();

    @BeforeEach
    void captureDisconnects() {
        disconnects.start();
        ((Logger) LoggerFactory.getLogger("event.client-disconnected")).addAppender(disconnects);
    }

    @AfterEach
    void releaseAppender() {
        ((Logger) LoggerFactory.getLogger("event.client-disconnected")).detachAppender(disconnects);
    }

    @Test
    void validSharesFarAboveTheRequestRateNeverCloseTheConnection() {
        SessionFixture f = new SessionFixture(MIN_ABOVE_NETWORK, TIGHT, REGTEST_BITS);
        f.handshake();
        JobEntry job = f.currentJob();
        Target assigned = Target.ofDifficulty(f.jobs.networkDifficulty()); // clamped to the network: blocks
        long nonce = 0;
        for (int i = 0; i < 200; i++) {
            Found share = find(job.job(), assigned, nonce);
            nonce = share.nonce() + 1;
            List<String> reply = f.send(submit(1000 + i, job.jobId(), EN2, job.job().nTime(), share.nonceHex(), null));
            assertEquals(List.of("{\"id\":" + (1000 + i) + ",\"result\":true,\"error\":null}"), reply, "share " + i);
            assertTrue(f.channel.isOpen(), "closed after " + i + " valid shares");
        }
        assertEquals(200, f.source.submitted().size(), "every share was a block");
        assertEquals(List.of(), disconnects.list);
    }

    @Test
    void invalidRequestsAtTheSameRateStillCloseTheConnectionWithAnEventLine() {
        SessionFixture f = new SessionFixture(MIN_ABOVE_NETWORK, TIGHT, REGTEST_BITS);
        f.handshake();
        JobEntry job = f.currentJob();
        for (int i = 0; i < 200 && f.channel.isOpen(); i++) {
            f.send(submit(2000 + i, job.jobId(), EN2, job.job().nTime(), "zzzzzzzz", null));
        }
        assertFalse(f.channel.isOpen(), "200 malformed shares at once");
        assertEquals(1, disconnects.list.size(), () -> "events: " + disconnects.list);
        String line = disconnects.list.get(0).getFormattedMessage();
        assertTrue(line.contains("session 00000000") || line.matches("session [0-9a-f]{8} .*"), line);
        assertTrue(line.contains("(request_rate)"), line);
        assertTrue(line.contains("embedded"), "the remote address: " + line);
        assertEquals("INFO", disconnects.list.get(0).getLevel().toString());
    }

    @Test
    void aBanForInvalidSharesIsLoggedWithItsReason() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry job = f.currentJob();
        for (int i = 0; i < 100; i++) {
            f.send(submit(3000 + i, job.jobId(), EN2, job.job().nTime(), "zzzzzzzz", null));
        }
        assertFalse(f.channel.isOpen());
        assertEquals(1, disconnects.list.size(), () -> "events: " + disconnects.list);
        assertTrue(disconnects.list.get(0).getFormattedMessage().contains("(invalid_shares)"),
                disconnects.list.get(0).getFormattedMessage());
    }

    private static Found find(Job job, Target meets, long start) {
        return TestMining.find(job, Hex.decode(EN1), Hex.decode(EN2), job.nTime(), job.version(), meets, null, start);
    }
}
