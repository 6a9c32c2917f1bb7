package io.stratumpool.sim.v2;

import static io.stratumpool.sim.v2.ScriptedPool.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sv2.message.OpenExtendedMiningChannel;
import io.stratumpool.sv2.message.OpenMiningChannelError;
import io.stratumpool.sv2.message.SetupConnection;
import io.stratumpool.sv2.message.SetupConnectionError;
import io.stratumpool.sv2.message.SetupConnectionFlags;
import io.stratumpool.sv2.message.SetupConnectionSuccess;
import io.stratumpool.sv2.noise.PoolKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The miner authenticates its pool: a certificate from another authority, or out of its dates, ends it before any mining. */
class V2MinerHandshakeTest {
    private final SimRuntime runtime = new SimRuntime(1, 1);
    private FakeV2Pool pool;
    private V2Miner miner;

    @AfterEach
    void tearDown() throws Exception {
        if (miner != null) {
            miner.close();
        }
        if (pool != null) {
            pool.close();
        }
        runtime.close();
    }

    private V2Miner startWith(V2MinerOptions.Builder options) {
        miner = new V2Miner(runtime, options.build());
        miner.start();
        return miner;
    }

    @Test
    void refusesAPoolWhoseCertificateAnotherAuthoritySigned() throws Exception {
        pool = new FakeV2Pool();
        String otherAuthority = PoolKeys.generate(new SecureRandom()).authorityPublicKeyBase58();
        startWith(V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(otherAuthority));

        String failure = miner.awaitFailure(TIMEOUT).orElseThrow(() -> new AssertionError(miner.describe(30)));
        assertTrue(failure.startsWith("pool certificate refused: CERTIFICATE_SIGNATURE_INVALID: the certificate for the pool's static key is not signed by the configured authority key"), failure);
        assertEquals(V2Miner.State.FAILED, miner.state());
        FakeV2Connection c = pool.nextConnection(TIMEOUT);
        assertTrue(c.awaitClosed(TIMEOUT), "the miner hangs up");
        assertEquals(0, c.received().size(), "no SetupConnection to an unauthenticated pool");
        assertEquals(0, miner.hashes());
    }

    @Test
    void refusesAnExpiredCertificate() throws Exception {
        pool = new FakeV2Pool();
        Clock nextYear = Clock.fixed(FakeV2Pool.NOW.plus(Duration.ofDays(400)), ZoneOffset.UTC);
        startWith(V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey()).clock(nextYear));

        String failure = miner.awaitFailure(TIMEOUT).orElseThrow(() -> new AssertionError(miner.describe(30)));
        assertTrue(failure.startsWith("pool certificate refused: CERTIFICATE_EXPIRED: not valid after "), failure);
        assertTrue(pool.nextConnection(TIMEOUT).awaitClosed(TIMEOUT));
        assertEquals(0, miner.submitted());
    }

    @Test
    void acceptsTheSamePoolWithTheRightAuthorityKey() throws Exception {
        pool = new FakeV2Pool();
        startWith(V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey()));
        pool.nextConnection(TIMEOUT).expect(SetupConnection.class, TIMEOUT);
        assertEquals(V2Miner.State.SETTING_UP, miner.state());
        assertTrue(miner.failure().isEmpty());
    }

    @Test
    void skipsTheCertificateCheckOnlyWhenAskedByName() throws Exception {
        pool = new FakeV2Pool();
        assertThrows(IllegalArgumentException.class, () -> V2MinerOptions.builder("127.0.0.1", pool.port()).build());
        startWith(V2MinerOptions.builder("127.0.0.1", pool.port()).skipCertificateCheck());
        pool.nextConnection(TIMEOUT).expect(SetupConnection.class, TIMEOUT);
        assertTrue(miner.failure().isEmpty());
    }

    @Test
    void aFrameThatDoesNotDecryptEndsTheMinerWithTheReason() throws Exception {
        pool = new FakeV2Pool();
        startWith(V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey()));
        FakeV2Connection c = pool.nextConnection(TIMEOUT);
        c.expect(SetupConnection.class, TIMEOUT);
        c.sendRaw(new byte[22]); // an encrypted header with a wrong MAC

        String failure = miner.awaitFailure(TIMEOUT).orElseThrow(() -> new AssertionError(miner.describe(30)));
        assertTrue(failure.startsWith("noise transport failed: DECRYPT_FAILED"), failure);
        assertTrue(c.awaitClosed(TIMEOUT));
    }

    @Test
    void aRefusedSetupOrChannelEndsTheMinerWithThePoolsErrorCode() throws Exception {
        pool = new FakeV2Pool();
        startWith(V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey()));
        FakeV2Connection c = pool.nextConnection(TIMEOUT);
        c.expect(SetupConnection.class, TIMEOUT);
        c.send(new SetupConnectionError(SetupConnectionFlags.REQUIRES_VERSION_ROLLING, "unsupported-feature-flags"));
        assertEquals("SetupConnection refused: unsupported-feature-flags (flags 0x4)",
                miner.awaitFailure(TIMEOUT).orElseThrow(() -> new AssertionError(miner.describe(30))));

        V2Miner second = new V2Miner(runtime, V2MinerOptions.builder("127.0.0.1", pool.port())
                .authorityKey(pool.authorityKey()).build());
        try (second) {
            second.start();
            FakeV2Connection c2 = pool.nextConnection(TIMEOUT);
            c2.expect(SetupConnection.class, TIMEOUT);
            c2.send(new SetupConnectionSuccess(2, 0));
            OpenExtendedMiningChannel open = c2.expect(OpenExtendedMiningChannel.class, TIMEOUT);
            c2.send(new OpenMiningChannelError(open.requestId(), "unknown-user"));
            assertEquals("channel refused: unknown-user",
                    second.awaitFailure(TIMEOUT).orElseThrow(() -> new AssertionError(second.describe(30))));
        }
    }

    @Test
    void givesUpWhenNoJobComesWithinTheHandshakeTimeout() throws Exception {
        pool = new FakeV2Pool();
        startWith(V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey())
                .handshakeTimeout(Duration.ofMillis(300)));
        FakeV2Connection c = pool.nextConnection(TIMEOUT);
        c.expect(SetupConnection.class, TIMEOUT); // and never answered

        String failure = miner.awaitFailure(TIMEOUT).orElseThrow(() -> new AssertionError(miner.describe(30)));
        assertTrue(failure.startsWith("not mining 0 s after connecting (state SETTING_UP"), failure);
        assertTrue(c.awaitClosed(TIMEOUT));
    }

    @Test
    void refusesAMistypedAuthorityKeyWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> V2MinerOptions.builder("127.0.0.1", 3336).authorityKey("9bXiEd8boQVhq7WddEcERUL5tyyJVFYdU8th3HfbNXK3Yw6GRXx").build());
        assertTrue(e.getMessage().startsWith("authority public key"), e.getMessage());
    }
}
