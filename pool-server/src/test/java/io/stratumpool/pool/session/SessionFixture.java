package io.stratumpool.pool.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.stratumpool.pool.config.LimitsConfig;
import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.JobFactory;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.job.PayoutRouting;
import io.stratumpool.pool.ledger.ShareLedger;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.share.ShareProcessor;
import io.stratumpool.pool.stratum.StratumDecoder;
import io.stratumpool.pool.stratum.StratumEncoder;
import io.stratumpool.pool.testing.MutableClock;
import io.stratumpool.pool.testing.ScriptedTemplateSource;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Target;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** One session on an EmbeddedChannel with a scripted template source, a fixed clock and a controllable ledger. */
final class SessionFixture {
    static final long NETWORK_BITS = Target.ofDifficulty(0.001).toCompact();
    static final byte[] POOL_SCRIPT = Hex.decode("0014" + "ab".repeat(20));

    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(ScriptedTemplateSource.NTIME));
    final ScriptedTemplateSource source = new ScriptedTemplateSource();
    final PoolMetrics metrics = new PoolMetrics();
    final SessionRegistry registry = new SessionRegistry(new ExtranonceAllocator(4, 0, 0), metrics, clock, 1000, 1000);
    final JobManager jobs;
    final ControlledLedger ledger = new ControlledLedger();
    final ShareProcessor shares;
    final EmbeddedChannel channel;
    final SessionServices services;
    private Hash256 tip = Hash256.of(new byte[] {42});
    private long height = 100;
    private final long networkBits;

    SessionFixture(PortConfig port) {
        this(port, PayoutRouting.pool(POOL_SCRIPT), user -> user.startsWith("banned") ? "this user is banned" : null);
    }

    SessionFixture(PortConfig port, PayoutRouting routing, java.util.function.Function<String, String> userCheck) {
        this(port, routing, userCheck, LimitsConfig.defaults(), NETWORK_BITS);
    }

    /** A session under {@code limits} on a chain with the given network target. */
    SessionFixture(PortConfig port, LimitsConfig limits, long networkBits) {
        this(port, PayoutRouting.pool(POOL_SCRIPT), user -> null, limits, networkBits);
    }

    /** A session timed by {@code ticker}. */
    SessionFixture(PortConfig port, SessionTicker ticker) {
        this(port, PayoutRouting.pool(POOL_SCRIPT), user -> null, LimitsConfig.defaults(), NETWORK_BITS, ticker);
    }

    SessionFixture(PortConfig port, PayoutRouting routing, java.util.function.Function<String, String> userCheck,
            LimitsConfig limits, long networkBits) {
        this(port, routing, userCheck, limits, networkBits, new SessionTicker(port, limits));
    }

    SessionFixture(PortConfig port, PayoutRouting routing, java.util.function.Function<String, String> userCheck,
            LimitsConfig limits, long networkBits, SessionTicker ticker) {
        this.networkBits = networkBits;
        jobs = new JobManager(new JobFactory("/test/", 4, 8), routing, source, registry, clock);
        shares = new ShareProcessor(jobs, source, ledger, metrics, clock);
        source.start(jobs);
        newTip();
        services = new SessionServices(port, limits, 0x1fffe000L, registry, jobs, shares,
                metrics, clock, userCheck, ticker);
        channel = new EmbeddedChannel(new StratumEncoder(), new StratumSession(services));
    }

    SessionFixture() {
        this(new PortConfig(3333, 0.000001, 1e-9, 1e6, 10.0, 30, 90.0, true));
    }

    /** A new block on the network: the next template builds on it (clean jobs). */
    void newTip() {
        tip = Hash256.of(new byte[] {(byte) height, 7});
        source.push(ScriptedTemplateSource.template(++height, tip, networkBits, 6), true);
        channelRunPending();
    }

    /** New transactions on the same tip (clean_jobs false). */
    void refresh() {
        source.push(ScriptedTemplateSource.template(height, tip, networkBits, 9), false);
        channelRunPending();
    }

    private void channelRunPending() {
        if (channel != null) {
            channel.runPendingTasks();
        }
    }

    /** Feeds one line to the session and returns every line it wrote in response. */
    List<String> send(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        channel.writeInbound(StratumDecoder.parse(b, 0, b.length));
        channel.runPendingTasks();
        return drain();
    }

    List<String> drain() {
        List<String> lines = new ArrayList<>();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) o;
            for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
                lines.add(line);
            }
            buf.release();
        }
        return lines;
    }

    /** Subscribes and authorizes as {@code alice.rig1}; returns the lines after authorize. */
    List<String> handshake() {
        send("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]}");
        send("{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[\"test/1.0\"]}");
        return send("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"alice.rig1\",\"x\"]}");
    }

    JobEntry currentJob() {
        return jobs.current().entryFor(null);
    }

    static String submit(int id, String jobId, String en2, long ntime, String nonce, String versionBits) {
        return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"alice.rig1\",\"" + jobId + "\",\"" + en2 + "\",\""
                + String.format("%08x", ntime) + "\",\"" + nonce + "\"" + (versionBits == null ? "" : ",\"" + versionBits + "\"") + "]}";
    }

    /** A ledger whose commits the test completes (or fails) when it wants. */
    static final class ControlledLedger implements ShareLedger {
        final List<ShareRecord> committed = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        volatile boolean hold;

        @Override
        public CompletableFuture<Void> append(ShareRecord share) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            f.thenRun(() -> committed.add(share));
            if (hold) {
                pending.add(f);
            } else {
                f.complete(null);
            }
            return f;
        }

        @Override
        public void close() {
        }
    }
}
