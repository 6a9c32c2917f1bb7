package io.stratumpool.sim.v2;

import io.stratumpool.sv2.noise.Certificate;
import io.stratumpool.sv2.noise.PoolKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted Stratum V2 pool side for the V2 miner's tests, on 127.0.0.1 and an ephemeral port:
 * each connection runs stratum-v2's {@link io.stratumpool.sv2.noise.NoiseResponder} and message
 * codec over a plain socket ({@link FakeV2Connection}); the test sends the pool's messages and reads
 * the miner's. One thread per connection; loopback only.
 */
public final class FakeV2Pool implements AutoCloseable {
    static final Instant NOW = Instant.now();

    final PoolKeys keys;
    private final SecureRandom random = new SecureRandom();
    private final ServerSocket server;
    private final Thread acceptor;
    private final BlockingQueue<FakeV2Connection> connections = new LinkedBlockingQueue<>();
    private volatile Certificate certificate;

    /** A pool whose certificate is valid from a day ago for a year. */
    public FakeV2Pool() throws IOException {
        this(PoolKeys.generate(new SecureRandom()));
    }

    FakeV2Pool(PoolKeys keys) throws IOException {
        this.keys = keys;
        this.certificate = keys.certificate(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), random);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        acceptor = new Thread(this::acceptLoop, "fake-v2-pool-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Replaces the certificate handed to later connections. */
    void certificate(Certificate c) {
        certificate = c;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String authorityKey() {
        return keys.authorityPublicKeyBase58();
    }

    /** The next connection the pool accepted (its handshake runs on its own thread). */
    public FakeV2Connection nextConnection(Duration timeout) throws InterruptedException {
        FakeV2Connection c = connections.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no connection within " + timeout);
        }
        return c;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(new FakeV2Connection(socket, keys.staticKeyPair(random), certificate, random));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (FakeV2Connection c : connections) {
            c.close();
        }
    }
}
