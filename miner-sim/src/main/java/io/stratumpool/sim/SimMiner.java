package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated miner: a Stratum v1 connection that speaks as a real firmware
 * ({@link FirmwareProfile}) and really hashes its jobs on the runtime's hash threads. Tests read
 * its {@link #counters()}, {@link #transcript()} and {@link #failure()}, wait with the
 * {@code await…} methods, and drive it by hand with {@link #request}, {@link #sendLine} and
 * {@link #submit}. Public methods are thread-safe.
 *
 * <p>With {@link MinerOptions#reconnects()} a lost connection or a failed connect is followed by
 * another dial after a backoff, as real firmware does; the miner then waits DISCONNECTED. A miner
 * that gave up by its firmware's rules (FAILED) stays failed either way.
 */
public final class SimMiner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimMiner.class);

    /** Where the miner is in its life. */
    public enum State { NEW, CONNECTING, HANDSHAKING, MINING, DISCONNECTED, FAILED, STOPPED }

    private final MinerOptions options;
    private final SimRuntime runtime;
    private final MinerStats stats = new MinerStats();
    private final Signal signal;
    private final Transcript transcript;
    private final AtomicLong nextId;
    private final AtomicLong extranonce2Counter = new AtomicLong();
    private final HashLoop hashLoop;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final RedialBackoff redialBackoff;
    private final AtomicBoolean redialScheduled = new AtomicBoolean();
    private final AtomicLong connections = new AtomicLong();
    private volatile String dialHost;
    private volatile int dialPort;
    private volatile ClientSession session;
    private volatile State state = State.NEW;
    private volatile String failure;
    private volatile Work work;
    private volatile SubscribeResult subscription;
    private volatile String lastSubscriptionId;
    private volatile long startedNanos;

    public SimMiner(SimRuntime runtime, MinerOptions options) {
        this(runtime, options, new Signal());
    }

    SimMiner(SimRuntime runtime, MinerOptions options, Signal signal) {
        this.runtime = runtime;
        this.options = options;
        this.signal = signal;
        this.transcript = new Transcript(options.transcriptLimit(), options.clock(), signal);
        this.nextId = new AtomicLong(options.profile().firstId());
        HashBudget budget = options.hashrate() > 0 ? new HashBudget(options.hashrate(), System::nanoTime) : null;
        this.hashLoop = new HashLoop(runtime, stats, budget, newSearcher(), this::onShareFound);
        this.redialBackoff = options.reconnects()
                ? new RedialBackoff(options.reconnectDelay(), options.maxReconnectDelay()) : null;
    }

    /**
     * Connects; the future completes when the TCP connection is up (the handshake follows on its own),
     * or fails when this first connect failed (a miner that reconnects keeps dialing nonetheless).
     */
    public CompletableFuture<Void> start() {
        startedNanos = System.nanoTime();
        return connect(options.host(), options.port());
    }

    private CompletableFuture<Void> connect(String host, int port) {
        dialHost = host;
        dialPort = port;
        setState(State.CONNECTING);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        new Bootstrap().group(runtime.ioGroup()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new MinerChannelInitializer(this))
                .connect(host, port).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        connected.complete(null);
                    } else if (options.reconnects()) {
                        log.debug("{}: connect to {}:{} failed, will redial: {}", name(), host, port, f.cause().toString());
                        setState(State.DISCONNECTED);
                        scheduleRedial();
                        connected.completeExceptionally(f.cause());
                    } else {
                        onFailed("connect to " + host + ":" + port + " failed: " + f.cause());
                        connected.completeExceptionally(f.cause());
                    }
                });
        return connected;
    }

    /** Disconnects and stops hashing for good. */
    public void stop() {
        setState(State.STOPPED);
        hashLoop.stop();
        ClientSession s = session;
        if (s != null) {
            s.channel.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ---- what tests read ----

    public String name() { return options.name(); }
    public MinerOptions options() { return options; }
    public FirmwareProfile profile() { return options.profile(); }
    public State state() { return state; }
    public Optional<String> failure() { return Optional.ofNullable(failure); }
    public MinerCounters counters() { return stats.snapshot(); }
    /** Hashes per second since {@link #start()}, as measured. */
    public double averageHashrate() { return stats.hashes() * 1e9 / Math.max(1, System.nanoTime() - startedNanos); }
    public Transcript transcript() { return transcript; }
    /** Texts of client.show_message received, oldest first. */
    public List<String> messages() { return List.copyOf(messages); }
    /** The subscribe result, once subscribed. */
    public Optional<SubscribeResult> subscription() { return Optional.ofNullable(subscription); }
    /** The job being hashed (the latest mining.notify once authorized). */
    public Optional<StratumJob> job() { return Optional.ofNullable(work).map(Work::job); }
    /** TCP connections this miner has made so far: 1 after its first connect, one more per reconnect. */
    public long connections() { return connections.get(); }
    /** The share difficulty currently applied. */
    public double difficulty() { return work == null ? MiningState.DEFAULT_DIFFICULTY : work.difficulty(); }
    /** The granted version-rolling mask, when the pool granted rolling. */
    public OptionalLong versionMask() {
        Work w = work;
        return w != null && w.versionRolling() ? OptionalLong.of(w.versionMask()) : OptionalLong.empty();
    }

    // ---- waiting ----

    public boolean await(Predicate<SimMiner> condition, Duration timeout) {
        return signal.await(() -> condition.test(this), timeout);
    }

    public boolean awaitAccepted(long n, Duration timeout) { return await(m -> m.counters().accepted() >= n, timeout); }
    public boolean awaitSubmitted(long n, Duration timeout) { return await(m -> m.counters().submitted() >= n, timeout); }
    public boolean awaitState(State s, Duration timeout) { return await(m -> m.state == s, timeout); }
    /** Waits until authorized with a job to hash. */
    public boolean awaitMining(Duration timeout) { return await(m -> m.state == State.MINING && m.work != null, timeout); }

    /** Waits for the miner to give up; the reason, or empty when it did not within the timeout. */
    public Optional<String> awaitFailure(Duration timeout) {
        await(m -> m.failure != null, timeout);
        return failure();
    }

    // ---- driving it by hand ----

    /** Sends a request with the miner's next id; the future completes with the pool's reply. */
    public CompletableFuture<JsonNode> request(String method, Object... params) {
        return onSession(s -> s.request(method, JsonLines.arrayOf(params), null));
    }

    /** Sends a request with a chosen id (repeat ids, string ids, …). */
    public CompletableFuture<JsonNode> request(Object id, String method, ArrayNode params) {
        return onSession(s -> s.request(JsonLines.node(id), method, params, null));
    }

    /** Sends any line as is; a request with an id completes with its reply, anything else with null. */
    public CompletableFuture<JsonNode> sendLine(String line) {
        return onSession(s -> s.sendRaw(line));
    }

    /** Submits a share (made by {@link #findShare} or {@link #hashNonce}, or altered with its {@code with…} methods). */
    public CompletableFuture<JsonNode> submit(Share share) {
        return onSession(s -> s.request("mining.submit", share.params(options.user()), share));
    }

    /**
     * Searches the current job on the calling thread for a share meeting the current difficulty, on
     * an extranonce2 the background hashing never uses. Empty when none turned up in time.
     */
    public Optional<Share> findShare(Duration timeout) {
        return newSearcher().find(requireWork(), timeout, stats::hashed);
    }

    /** Hashes one chosen nonce of the current job: usually a share far below the difficulty. */
    public Share hashNonce(long nonce) {
        return newSearcher().hashNonce(requireWork(), nonce);
    }

    // ---- called by the session, the hash loop and the fleet ----

    long nextId() { return nextId.getAndIncrement(); }
    MinerStats stats() { return stats; }
    Signal signal() { return signal; }
    Optional<String> lastSubscriptionId() { return Optional.ofNullable(lastSubscriptionId); }
    long hashes() { return stats.hashes(); }

    void onConnected(ClientSession s) {
        session = s;
        connections.incrementAndGet();
        setState(State.HANDSHAKING);
    }

    void onSubscribed(SubscribeResult result) {
        subscription = result;
        if (result.subscriptionId() != null) {
            lastSubscriptionId = result.subscriptionId();
        }
        signal.fire();
    }

    void onAuthorized() {
        if (redialBackoff != null) {
            redialBackoff.reset();
        }
        setState(State.MINING);
    }

    void onJob(StratumJob job) {
        signal.fire();
    }

    void onMessage(String text) {
        messages.add(text);
        signal.fire();
    }

    void publishWork(Work w) {
        work = w;
        if (options.mining() && state != State.STOPPED) {
            hashLoop.setWork(w);
        }
        signal.fire();
    }

    void onFailed(String reason) {
        if (failure == null) {
            failure = reason;
        }
        hashLoop.setWork(null);
        setState(State.FAILED);
    }

    void onClosed(ClientSession closed) {
        if (session == closed && state != State.STOPPED && state != State.FAILED && state != State.CONNECTING) {
            hashLoop.setWork(null);
            work = null;
            setState(State.DISCONNECTED);
            if (options.reconnects()) {
                scheduleRedial();
            }
        }
    }

    /** Dials the last address again after the backoff, unless stopped (or already redialing) by then. */
    private void scheduleRedial() {
        if (state == State.STOPPED || !redialScheduled.compareAndSet(false, true)) {
            return;
        }
        Duration wait = redialBackoff.next();
        try {
            runtime.timer().schedule(() -> {
                redialScheduled.set(false);
                if (state == State.DISCONNECTED) {
                    connect(dialHost, dialPort);
                }
            }, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            redialScheduled.set(false); // the runtime is closing: nothing left to dial with
        }
    }

    /** client.reconnect: drop this connection and dial again after the pool's wait. */
    void reconnect(String host, int port, int waitSeconds) {
        ClientSession old = session;
        hashLoop.setWork(null);
        work = null;
        setState(State.CONNECTING);
        old.channel.close();
        runtime.timer().schedule(() -> {
            if (state == State.CONNECTING) {
                connect(host, port);
            }
        }, waitSeconds, TimeUnit.SECONDS);
    }

    private void onShareFound(Share share) {
        ClientSession s = session;
        if (s != null && s.channel.isActive()) {
            s.channel.eventLoop().execute(() -> s.submit(share));
        }
    }

    private <T> CompletableFuture<T> onSession(java.util.function.Function<ClientSession, CompletableFuture<T>> action) {
        ClientSession s = session;
        if (s == null) {
            return CompletableFuture.failedFuture(new MinerFailure("not connected"));
        }
        return CompletableFuture.supplyAsync(() -> action.apply(s), s.channel.eventLoop()).thenCompose(f -> f);
    }

    private Work requireWork() {
        Work w = work;
        if (w == null) {
            throw new IllegalStateException(name() + ": no job yet (state " + state + ")");
        }
        return w;
    }

    private Searcher newSearcher() {
        return new Searcher(extranonce2Counter::getAndIncrement);
    }

    // STOPPED and FAILED are final: a stopped failed miner still reports FAILED.
    private void setState(State next) {
        if (state != State.STOPPED && state != State.FAILED) {
            state = next;
        }
        signal.fire();
    }

    @Override
    public String toString() {
        return "SimMiner[" + name() + " " + profile() + " " + state + (failure == null ? "" : " " + failure) + "]";
    }
}
