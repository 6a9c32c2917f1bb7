package io.stratumpool.sim.v2;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.stratumpool.sim.RedialBackoff;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.noise.AuthorityKey;
import io.stratumpool.sv2.noise.NoiseInitiator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated Stratum V2 miner, mirroring {@link io.stratumpool.sim.SimMiner}: it runs the Noise
 * NX handshake as initiator (checking the pool's certificate against the authority key and the
 * clock), SetupConnection, opens a standard or extended channel and really hashes the active job
 * on the runtime's hash threads, submitting every share that meets the channel target. Tests read
 * its counters, {@link #acceptedShares()} (to compare with the pool's ledger), {@link #transcript()}
 * and {@link #failure()}, and wait with the {@code await…} methods. Public methods are thread-safe.
 */
public final class V2Miner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(V2Miner.class);
    private static final long RECHECK_MILLIS = 50;

    /** Where the miner is in its life; FAILED and STOPPED are final. */
    public enum State { NEW, CONNECTING, HANDSHAKING, SETTING_UP, MINING, DISCONNECTED, FAILED, STOPPED }

    private final SimRuntime runtime;
    private final V2MinerOptions options;
    private final SecureRandom random = new SecureRandom();
    private final V2HashLoop hashLoop;
    private final AtomicLong extranonceCounter = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final ShareBook shares;
    private final V2Transcript transcript;
    private final AtomicBoolean redialScheduled = new AtomicBoolean();
    private final RedialBackoff redialBackoff;
    private volatile String dialHost;
    private volatile int dialPort;
    private volatile V2ClientSession session;
    private volatile State state = State.NEW;
    private volatile String failure;
    private volatile String closeReason;
    private volatile V2Work work;
    private volatile long channelId = -1;
    private volatile U256 target;
    private volatile byte[] extranoncePrefix = new byte[0];
    private volatile int extranonceSize;

    public V2Miner(SimRuntime runtime, V2MinerOptions options) {
        this.runtime = runtime;
        this.options = options;
        this.shares = new ShareBook(options.shareHistoryLimit());
        this.redialBackoff = new RedialBackoff(options.reconnectDelay(), options.maxReconnectDelay());
        this.transcript = new V2Transcript(options.transcriptLimit());
        this.hashLoop = new V2HashLoop(runtime, new V2Searcher(extranonceCounter::getAndIncrement), options.hashrate(),
                this::onShareFound);
    }

    /**
     * Connects; the future completes when the TCP connection is up (handshake, setup and channel
     * follow on their own) or fails when the connect failed, which also fails the miner.
     */
    public CompletableFuture<Void> start() {
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
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("noise", new NoiseClientCodec(newInitiator(), options.maxFrameLength()));
                        ch.pipeline().addLast("session", new V2ClientSession(V2Miner.this));
                    }
                })
                .connect(host, port).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        connected.complete(null);
                    } else if (options.reconnects()) {
                        note("connect to " + host + ":" + port + " failed, will redial: " + f.cause());
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

    private NoiseInitiator newInitiator() {
        return options.skipCertificateCheck()
                ? NoiseInitiator.withoutCertificateCheck(options.clock(), random)
                : new NoiseInitiator(AuthorityKey.decode(options.authorityKey()), options.clock(), random);
    }

    /** Disconnects and stops hashing for good. */
    public void stop() {
        setState(State.STOPPED);
        hashLoop.stop();
        V2ClientSession s = session;
        if (s != null) {
            s.channel().close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Sends UpdateChannel with a new nominal hashrate (the pool may answer with SetTarget). */
    public void updateNominalHashrate(float hashesPerSecond) {
        V2ClientSession s = session;
        if (s == null) {
            throw new IllegalStateException(name() + ": not connected");
        }
        s.channel().eventLoop().execute(() -> s.updateChannel(hashesPerSecond));
    }

    // ---- driving it by hand ----

    /**
     * Searches the current job on the calling thread for a share meeting the channel target, on an
     * extranonce (extended) the background hashing never uses. Empty when none turned up in time.
     */
    public Optional<V2Share> findShare(Duration timeout) {
        V2Work w = work;
        if (w == null) {
            throw new IllegalStateException(name() + ": no job yet (state " + state + ")");
        }
        V2Share[] found = new V2Share[1];
        V2Searcher searcher = new V2Searcher(extranonceCounter::getAndIncrement);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found[0] == null && System.nanoTime() < deadline) {
            searcher.search(w, V2HashLoop.BATCH, share -> {
                if (found[0] == null && w.shareTarget().isMetBy(share.hash(), 0)) {
                    found[0] = share;
                }
            });
        }
        return Optional.ofNullable(found[0]);
    }

    /**
     * Submits a share as it is (found by {@link #findShare}, or any {@link V2Share} a test builds:
     * a repeat, a wrong nonce) with the channel's next sequence number; completes with the share
     * as sent. The answer shows in {@link #acceptedShares()} or {@link #rejectedShares()}.
     */
    public CompletableFuture<V2Share> submit(V2Share share) {
        return onSession(s -> s.submit(share));
    }

    /** Sends any message as is on the encrypted connection (for tests of a pool's strictness). */
    public CompletableFuture<Void> send(Sv2Message message) {
        return onSession(s -> {
            s.send(message);
            return null;
        });
    }

    private <T> CompletableFuture<T> onSession(java.util.function.Function<V2ClientSession, T> action) {
        V2ClientSession s = session;
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(name() + ": not connected"));
        }
        return CompletableFuture.supplyAsync(() -> action.apply(s), s.channel().eventLoop());
    }

    // ---- what tests read ----

    public String name() { return options.name(); }
    public V2MinerOptions options() { return options; }
    public State state() { return state; }
    public Optional<String> failure() { return Optional.ofNullable(failure); }
    /** Why the pool closed the channel (CloseChannel's reason code), when it did. */
    public Optional<String> closeReason() { return Optional.ofNullable(closeReason); }
    public long hashes() { return hashLoop.hashes(); }
    public long submitted() { return shares.submitted(); }
    public long accepted() { return shares.accepted(); }
    public long rejected() { return shares.rejected(); }
    /** Accepted shares that met the network target. */
    public long blocksAccepted() { return shares.blocksAccepted(); }
    /** Shares found but not sent: their job went stale or the target was raised meanwhile. */
    public long dropped() { return shares.dropped(); }
    /** Submitted shares that met the network target. */
    public long blocksFound() { return shares.blocksFound(); }
    /** Shares the pool acknowledged with SubmitShares.Success, in sequence order (the latest {@code shareHistoryLimit}). */
    public List<V2Share> acceptedShares() { return shares.acceptedShares(); }

    /** Shares the pool refused, with its error codes (the latest {@code shareHistoryLimit}). */
    public List<RejectedShare> rejectedShares() { return shares.rejectedShares(); }
    /** TCP connections made so far: 1 after the first connect, one more per Reconnect followed. */
    public long connections() { return connections.get(); }
    public OptionalLong channelId() { return channelId < 0 ? OptionalLong.empty() : OptionalLong.of(channelId); }
    /** The channel's current target (from the Open…Success or the latest SetTarget). */
    public Optional<U256> target() { return Optional.ofNullable(target); }
    /** The pool's extranonce prefix of an extended channel (empty on a standard one). */
    public byte[] extranoncePrefix() { return extranoncePrefix.clone(); }
    /** The size of the miner's own extranonce on an extended channel. */
    public int extranonceSize() { return extranonceSize; }
    /** The job being hashed. */
    public OptionalLong currentJobId() {
        V2Work w = work;
        return w == null ? OptionalLong.empty() : OptionalLong.of(w.job().jobId());
    }
    /** The spec names of the messages received, oldest first (the latest {@code transcriptLimit}). */
    public List<String> receivedTypes() { return transcript.receivedTypes(); }

    /** Messages sent ({@code >}) and received ({@code <}) and notes ({@code #}), oldest first, bounded. */
    public List<String> transcript() { return transcript.lines(); }

    /** State, failure and the last {@code lines} of the transcript: for assertion messages. */
    public String describe(int lines) {
        List<String> t = transcript();
        return this + " after " + transcript.receivedCount() + " messages received; last lines:\n  "
                + String.join("\n  ", t.subList(Math.max(0, t.size() - lines), t.size()));
    }

    // ---- waiting ----

    /** Waits until the condition holds or the timeout passes; returns the condition's last value. */
    public boolean await(Predicate<V2Miner> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.test(this)) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    return condition.test(this);
                }
                try {
                    wait(Math.min(remainingMillis, RECHECK_MILLIS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.test(this);
                }
            }
            return true;
        }
    }

    /** Waits until a channel is open and a job under a prev hash is being hashed. */
    public boolean awaitMining(Duration timeout) { return await(m -> m.state == State.MINING && m.work != null, timeout); }
    public boolean awaitAccepted(long n, Duration timeout) { return await(m -> m.accepted() >= n, timeout); }
    public boolean awaitSubmitted(long n, Duration timeout) { return await(m -> m.submitted() >= n, timeout); }
    public boolean awaitState(State s, Duration timeout) { return await(m -> m.state == s, timeout); }

    /** Waits for the miner to give up; the reason, or empty when it did not within the timeout. */
    public Optional<String> awaitFailure(Duration timeout) {
        await(m -> m.failure != null, timeout);
        return failure();
    }

    // ---- called by the session (on its event loop) and the hash loop ----

    String dialHost() { return dialHost; }
    int dialPort() { return dialPort; }

    void onConnected(V2ClientSession s) {
        session = s;
        connections.incrementAndGet();
        setState(State.HANDSHAKING);
        scheduleHandshakeTimeout(s);
    }

    void onHandshakeComplete() {
        note("handshake complete");
        setState(State.SETTING_UP);
    }

    void onChannelOpen(long id, byte[] prefix, int size) {
        channelId = id;
        extranoncePrefix = prefix.clone();
        extranonceSize = size;
        fire();
    }

    void onTarget(U256 newTarget) {
        target = newTarget;
        fire();
    }

    void publishWork(V2Work w) {
        work = w;
        if (w != null) {
            setState(State.MINING);
            redialBackoff.reset();
        }
        if (options.mining() && state != State.STOPPED && state != State.FAILED) {
            hashLoop.setWork(w);
        }
        fire();
    }

    void onSubmitted(V2Share share) {
        shares.submitted(share);
        fire();
    }

    void onShareDropped(V2Share share) {
        shares.droppedOne();
    }

    void onAccepted(V2Share share) {
        shares.accepted(share);
        fire();
    }

    void onRejected(V2Share share, String code) {
        shares.rejected(share, code);
        fire();
    }

    void onReceived(Sv2Message message) {
        transcript.received(message);
        fire();
    }

    void onSent(Sv2Message message) {
        transcript.sent(message);
        fire();
    }

    void note(String text) {
        log.debug("{}: {}", name(), text);
        transcript.note(text);
        fire();
    }

    void onChannelClosed(String reason) {
        closeReason = reason;
        note("the pool closed channel " + channelId + ": " + reason);
        V2ClientSession s = session;
        hashLoop.setWork(null);
        work = null;
        setState(State.DISCONNECTED);
        if (s != null) {
            s.channel().close();
        }
    }

    void onFailed(String reason) {
        hashLoop.setWork(null);
        work = null;
        setState(State.FAILED); // before the reason: whoever sees the reason sees FAILED
        if (failure == null) {
            failure = reason;
            log.debug("{}: failed: {}", name(), reason);
            transcript.note("failed: " + reason);
        }
    }

    void onClosed(V2ClientSession closed) {
        if (session == closed && state != State.STOPPED && state != State.FAILED && state != State.CONNECTING) {
            hashLoop.setWork(null);
            work = null;
            setState(State.DISCONNECTED);
            if (options.reconnects()) {
                scheduleRedial();
            }
        }
    }

    /** Dials the last pool again after the backoff, unless stopped (or already redialing) by then. */
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

    /** Reconnect: drop this connection, dial the given pool and run the handshake again with the same authority key. */
    void reconnect(String host, int port) {
        note("reconnecting to " + host + ":" + port);
        V2ClientSession old = session;
        hashLoop.setWork(null);
        work = null;
        channelId = -1;
        setState(State.CONNECTING);
        old.channel().close();
        connect(host, port);
    }

    private void onShareFound(V2Share share) {
        V2ClientSession s = session;
        if (s != null && s.channel().isActive()) {
            s.channel().eventLoop().execute(() -> s.submitFound(share));
        }
    }

    private void scheduleHandshakeTimeout(V2ClientSession s) {
        try {
            runtime.timer().schedule(() -> {
                if (session == s && state != State.MINING && state != State.STOPPED && state != State.FAILED
                        && state != State.DISCONNECTED) {
                    onFailed("not mining " + options.handshakeTimeout().toSeconds() + " s after connecting (state "
                            + state + ", received " + receivedTypes() + ")");
                    s.channel().close();
                }
            }, options.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the runtime is closing
        }
    }

    // STOPPED and FAILED are final.
    private void setState(State next) {
        if (state != State.STOPPED && state != State.FAILED) {
            state = next;
        }
        fire();
    }

    private synchronized void fire() {
        notifyAll();
    }

    @Override
    public String toString() {
        return "V2Miner[" + name() + " " + options.channel() + " " + state + (failure == null ? "" : " " + failure) + "]";
    }
}
