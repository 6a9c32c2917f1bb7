package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.validator.Job;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small scripted Stratum server for the simulator's tests, on 127.0.0.1 and an ephemeral port:
 * it answers the way DESIGN.md asks a pool to, checks shares with share-validator's
 * ShareValidator, and lets a test replace the reply to any method with raw lines to play a
 * misbehaving pool. One thread per connection; loopback only.
 */
final class FakePool implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long POOL_MASK = 0x1fffe000L;

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<FakePoolConnection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, Function<JsonNode, List<String>>> overrides = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger extranonce1Counter = new AtomicInteger(0x0a000000);
    private volatile Job currentJob;
    volatile double difficulty = 2e-5;
    /** Sent before the subscribe reply when set: the kind of line a strict firmware chokes on. */
    volatile String lineBeforeSubscribeReply;

    FakePool() throws IOException {
        this(FakeJobs.NBITS_NO_BLOCKS);
    }

    FakePool(long nBits) throws IOException {
        this(nBits, 0);
    }

    /** On a chosen port: a pool that "comes back" where a previous one was. */
    FakePool(long nBits, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        newJob(nBits);
        acceptor = new Thread(this::acceptLoop, "fake-pool-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    MinerOptions.Builder minerOptions(FirmwareProfile profile) {
        return MinerOptions.builder("127.0.0.1", port()).profile(profile).user("tester.rig1");
    }

    /** Replaces the pool's reply to a method; the function gets the request and returns raw lines. */
    void replyTo(String method, Function<JsonNode, List<String>> lines) {
        overrides.put(method, lines);
    }

    /** A new job that the next authorize (or {@link #broadcastJob}) sends; old jobs stay known. */
    Job newJob(long nBits) {
        String id = Integer.toHexString(jobs.size() + 1);
        Job job = FakeJobs.job(id, nBits, 1000 + jobs.size());
        jobs.put(id, job);
        currentJob = job;
        return job;
    }

    Job currentJob() {
        return currentJob;
    }

    Job job(String id) {
        return jobs.get(id);
    }

    int nextExtranonce1() {
        return extranonce1Counter.getAndIncrement();
    }

    void broadcastJob(boolean clean) {
        connections.forEach(c -> c.sendNotify(currentJob, clean));
    }

    void broadcast(String line) {
        connections.forEach(c -> c.send(line));
    }

    List<FakePoolConnection> connections() {
        return List.copyOf(connections);
    }

    FakePoolConnection connection(int index) {
        return connections.get(index);
    }

    Function<JsonNode, List<String>> override(String method) {
        return overrides.get(method);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                FakePoolConnection c = new FakePoolConnection(this, socket);
                connections.add(c);
                c.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.forEach(FakePoolConnection::close);
    }
}
