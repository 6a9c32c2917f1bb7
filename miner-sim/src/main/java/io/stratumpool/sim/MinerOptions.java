package io.stratumpool.sim;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How one simulated miner behaves. Build with {@link #builder(String, int)}; every field but host
 * and port has a default suited to tests against a pool on loopback.
 *
 * @param hashrate            hashes per second, 0 for as fast as the hash threads go
 * @param autoHandshake       false to connect and send nothing: the test drives every line
 * @param mining              false to never hash in the background (tests craft shares instead)
 * @param suggestDifficulty   replaces the profile's suggested difficulty; null keeps it
 * @param keepAliveInterval   how often NerdMiner re-sends its suggestion
 * @param handshakeTimeout    how long the miner waits to be subscribed and authorized before giving up
 * @param transcriptLimit     lines kept in the transcript (oldest dropped past this)
 * @param maxLineLength       longest line accepted from the pool
 * @param reconnectDelay      null never to redial (the default: a lost connection leaves the miner
 *                            DISCONNECTED); otherwise the first wait before dialing again after a lost
 *                            connection or a failed connect, doubled on each failure up to
 *                            {@code maxReconnectDelay}, as firmware does when its pool goes away
 * @param shareListener       told the outcome of every share submitted
 */
public record MinerOptions(
        String host,
        int port,
        FirmwareProfile profile,
        String name,
        String user,
        String password,
        double hashrate,
        boolean autoHandshake,
        boolean mining,
        BigDecimal suggestDifficulty,
        Duration keepAliveInterval,
        Duration handshakeTimeout,
        Duration connectTimeout,
        int transcriptLimit,
        int maxLineLength,
        Clock clock,
        Duration reconnectDelay,
        Duration maxReconnectDelay,
        ShareListener shareListener) {

    public MinerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clock, "clock");
        requirePositive(keepAliveInterval, "keepAliveInterval");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (hashrate < 0 || Double.isNaN(hashrate) || Double.isInfinite(hashrate)) {
            throw new IllegalArgumentException("hashrate: " + hashrate + " (expected: >= 0, 0 for unlimited)");
        }
        if (suggestDifficulty != null && suggestDifficulty.signum() <= 0) {
            throw new IllegalArgumentException("suggestDifficulty: " + suggestDifficulty + " (expected: > 0)");
        }
        if (maxLineLength < 256) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: >= 256)");
        }
        Objects.requireNonNull(shareListener, "shareListener");
        if (reconnectDelay != null) {
            requirePositive(reconnectDelay, "reconnectDelay");
            if (maxReconnectDelay == null || maxReconnectDelay.compareTo(reconnectDelay) < 0) {
                throw new IllegalArgumentException("maxReconnectDelay: " + maxReconnectDelay
                        + " (expected: >= reconnectDelay " + reconnectDelay + ")");
            }
        }
        name = name == null ? profile.name().toLowerCase(java.util.Locale.ROOT) : name;
    }

    /** True when the miner dials again by itself after losing its pool. */
    public boolean reconnects() {
        return reconnectDelay != null;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: a positive duration)");
        }
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The suggestion this miner sends, or null for none. */
    BigDecimal effectiveSuggestion() {
        return suggestDifficulty != null ? suggestDifficulty : profile.suggestedDifficulty();
    }

    /** Builds {@link MinerOptions}. */
    public static final class Builder {
        private String host;
        private int port;
        private FirmwareProfile profile = FirmwareProfile.BITAXE;
        private String name;
        private String user = "sim.worker";
        private String password = "x";
        private double hashrate;
        private boolean autoHandshake = true;
        private boolean mining = true;
        private BigDecimal suggestDifficulty;
        private Duration keepAliveInterval = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int transcriptLimit = 10_000;
        private int maxLineLength = 64 * 1024;
        private Clock clock = Clock.systemUTC();
        private Duration reconnectDelay;
        private Duration maxReconnectDelay;
        private ShareListener shareListener = ShareListener.NONE;

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        private Builder(MinerOptions o) {
            this(o.host, o.port);
            profile = o.profile;
            name = o.name;
            user = o.user;
            password = o.password;
            hashrate = o.hashrate;
            autoHandshake = o.autoHandshake;
            mining = o.mining;
            suggestDifficulty = o.suggestDifficulty;
            keepAliveInterval = o.keepAliveInterval;
            handshakeTimeout = o.handshakeTimeout;
            connectTimeout = o.connectTimeout;
            transcriptLimit = o.transcriptLimit;
            maxLineLength = o.maxLineLength;
            clock = o.clock;
            reconnectDelay = o.reconnectDelay;
            maxReconnectDelay = o.maxReconnectDelay;
            shareListener = o.shareListener;
        }

        public Builder profile(FirmwareProfile v) { profile = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder password(String v) { password = v; return this; }
        public Builder hashrate(double hashesPerSecond) { hashrate = hashesPerSecond; return this; }
        public Builder autoHandshake(boolean v) { autoHandshake = v; return this; }
        public Builder mining(boolean v) { mining = v; return this; }
        public Builder suggestDifficulty(BigDecimal v) { suggestDifficulty = v; return this; }
        public Builder suggestDifficulty(String v) { return suggestDifficulty(v == null ? null : new BigDecimal(v)); }
        public Builder keepAliveInterval(Duration v) { keepAliveInterval = v; return this; }
        public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder transcriptLimit(int v) { transcriptLimit = v; return this; }
        public Builder maxLineLength(int v) { maxLineLength = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        /** Redial after a lost connection, waiting {@code first}, doubling up to {@code max}; null, null: never. */
        public Builder reconnect(Duration first, Duration max) { reconnectDelay = first; maxReconnectDelay = max; return this; }
        public Builder shareListener(ShareListener v) { shareListener = v; return this; }

        public MinerOptions build() {
            return new MinerOptions(host, port, profile, name, user, password, hashrate, autoHandshake, mining,
                    suggestDifficulty, keepAliveInterval, handshakeTimeout, connectTimeout, transcriptLimit,
                    maxLineLength, clock, reconnectDelay, maxReconnectDelay, shareListener);
        }
    }
}
