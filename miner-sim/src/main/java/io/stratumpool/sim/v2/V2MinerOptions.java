package io.stratumpool.sim.v2;

import io.stratumpool.sv2.noise.AuthorityKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How one simulated Stratum V2 miner behaves. Build with {@link #builder(String, int)}; the
 * authority key is required unless {@link Builder#skipCertificateCheck()} is asked for by name.
 * The defaults are those of Bitaxe firmware: an extended channel, no SetupConnection flags
 * (never REQUIRES_VERSION_ROLLING) yet version bits rolled, an empty firmware string.
 *
 * @param authorityKey          the pool's authority public key in base58check form; null only with
 *                              {@code skipCertificateCheck}
 * @param skipCertificateCheck  true to accept any pool certificate (encrypted but unauthenticated)
 * @param user                  user_identity of the channel, "user.worker"
 * @param channel               standard (header-only) or extended
 * @param nominalHashrate       hashes per second announced in OpenChannel/UpdateChannel
 * @param hashrate              hashes per second actually done, 0 for as fast as the threads go
 * @param versionMask           the header bits rolled (BIP320 general purpose bits); 0 never rolls
 * @param alwaysRollVersion     true (Bitaxe) rolls even when a job says version_rolling_allowed = false or the
 *                              pool answered REQUIRES_FIXED_VERSION; false honours both, as the spec asks
 * @param setupFlags            SetupConnection.flags; Bitaxe sends 0
 * @param firmware              SetupConnection.firmware; Bitaxe sends ""
 * @param minExtranonceSize     OpenExtendedMiningChannel.min_extranonce_size
 * @param bitaxeFutureJobs      true: SetNewPrevHash activates every held future job and the newest
 *                              one is mined, as Bitaxe does; false: only the job it names (the spec)
 * @param mining                false never hashes in the background
 * @param reconnectDelay        null never to redial (a lost connection leaves the miner DISCONNECTED); otherwise
 *                              the first wait before dialing the last pool again after a lost connection or a
 *                              failed connect, doubled on each failure up to {@code maxReconnectDelay}
 * @param handshakeTimeout      how long the miner waits from connect to an open channel before failing
 * @param transcriptLimit       transcript lines kept (oldest dropped past this)
 * @param shareHistoryLimit     accepted and rejected shares kept for reading (the counts are exact regardless)
 * @param clock                 the certificate check's and nTime's clock
 */
public record V2MinerOptions(
        String host,
        int port,
        String authorityKey,
        boolean skipCertificateCheck,
        String name,
        String user,
        ChannelKind channel,
        float nominalHashrate,
        double hashrate,
        long versionMask,
        boolean alwaysRollVersion,
        long setupFlags,
        String vendor,
        String hardwareVersion,
        String firmware,
        int minExtranonceSize,
        boolean bitaxeFutureJobs,
        boolean mining,
        Duration reconnectDelay,
        Duration maxReconnectDelay,
        Duration handshakeTimeout,
        Duration connectTimeout,
        int maxFrameLength,
        int transcriptLimit,
        int shareHistoryLimit,
        Clock clock) {

    /** BIP320's general purpose version bits, the mask Bitaxe rolls within. */
    public static final long BIP320_MASK = 0x1fffe000L;

    public V2MinerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(hardwareVersion, "hardwareVersion");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(clock, "clock");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (authorityKey == null && !skipCertificateCheck) {
            throw new IllegalArgumentException("authorityKey: null (expected: the pool's base58check authority key,"
                    + " or skipCertificateCheck() to accept any pool)");
        }
        if (authorityKey != null) {
            AuthorityKey.decode(authorityKey); // fails now, with the reason, rather than at connect
        }
        if (!(nominalHashrate > 0) || Float.isInfinite(nominalHashrate)) {
            throw new IllegalArgumentException("nominalHashrate: " + nominalHashrate + " (expected: > 0)");
        }
        if (hashrate < 0 || Double.isNaN(hashrate) || Double.isInfinite(hashrate)) {
            throw new IllegalArgumentException("hashrate: " + hashrate + " (expected: >= 0, 0 for unlimited)");
        }
        if ((versionMask & ~0xffffffffL) != 0) {
            throw new IllegalArgumentException("versionMask: 0x" + Long.toHexString(versionMask) + " (expected: 32 bits)");
        }
        if (minExtranonceSize < 0 || minExtranonceSize > 32) {
            throw new IllegalArgumentException("minExtranonceSize: " + minExtranonceSize + " (expected: 0..32)");
        }
        if (reconnectDelay != null) {
            requirePositive(reconnectDelay, "reconnectDelay");
            if (maxReconnectDelay == null || maxReconnectDelay.compareTo(reconnectDelay) < 0) {
                throw new IllegalArgumentException("maxReconnectDelay: " + maxReconnectDelay
                        + " (expected: >= reconnectDelay " + reconnectDelay + ")");
            }
        }
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (maxFrameLength < 1024 || maxFrameLength > 0xFF_FFFF) {
            throw new IllegalArgumentException("maxFrameLength: " + maxFrameLength + " (expected: 1024..16777215)");
        }
        if (transcriptLimit < 0 || shareHistoryLimit < 0) {
            throw new IllegalArgumentException("transcriptLimit " + transcriptLimit + ", shareHistoryLimit "
                    + shareHistoryLimit + " (expected: >= 0)");
        }
        name = name == null ? "v2-" + channel.name().toLowerCase(Locale.ROOT) : name;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: a positive duration)");
        }
    }

    /** True when the miner dials again by itself after losing its pool. */
    public boolean reconnects() {
        return reconnectDelay != null;
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link V2MinerOptions}. */
    public static final class Builder {
        private final String host;
        private final int port;
        private String authorityKey;
        private boolean skipCertificateCheck;
        private String name;
        private String user = "sim.worker";
        private ChannelKind channel = ChannelKind.EXTENDED;
        private float nominalHashrate = 1e6f;
        private double hashrate;
        private long versionMask = BIP320_MASK;
        private boolean alwaysRollVersion = true;
        private long setupFlags;
        private String vendor = "stratumpool-sim";
        private String hardwareVersion = "";
        private String firmware = "";
        private int minExtranonceSize = 4;
        private boolean bitaxeFutureJobs = true;
        private boolean mining = true;
        private Duration reconnectDelay;
        private Duration maxReconnectDelay;
        private Duration handshakeTimeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxFrameLength = 1 << 20;
        private int transcriptLimit = 10_000;
        private int shareHistoryLimit = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        private Builder(V2MinerOptions o) {
            this(o.host, o.port);
            authorityKey = o.authorityKey;
            skipCertificateCheck = o.skipCertificateCheck;
            name = o.name;
            user = o.user;
            channel = o.channel;
            nominalHashrate = o.nominalHashrate;
            hashrate = o.hashrate;
            versionMask = o.versionMask;
            alwaysRollVersion = o.alwaysRollVersion;
            setupFlags = o.setupFlags;
            vendor = o.vendor;
            hardwareVersion = o.hardwareVersion;
            firmware = o.firmware;
            minExtranonceSize = o.minExtranonceSize;
            bitaxeFutureJobs = o.bitaxeFutureJobs;
            mining = o.mining;
            reconnectDelay = o.reconnectDelay;
            maxReconnectDelay = o.maxReconnectDelay;
            handshakeTimeout = o.handshakeTimeout;
            connectTimeout = o.connectTimeout;
            maxFrameLength = o.maxFrameLength;
            transcriptLimit = o.transcriptLimit;
            shareHistoryLimit = o.shareHistoryLimit;
            clock = o.clock;
        }

        /** The pool's authority public key as operators type it (base58check). */
        public Builder authorityKey(String base58check) { authorityKey = base58check; return this; }
        /** Accept any pool certificate: the connection is encrypted but the pool is not authenticated. */
        public Builder skipCertificateCheck() { skipCertificateCheck = true; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder channel(ChannelKind v) { channel = v; return this; }
        public Builder nominalHashrate(float hashesPerSecond) { nominalHashrate = hashesPerSecond; return this; }
        public Builder hashrate(double hashesPerSecond) { hashrate = hashesPerSecond; return this; }
        public Builder versionMask(long v) { versionMask = v; return this; }
        public Builder alwaysRollVersion(boolean v) { alwaysRollVersion = v; return this; }
        public Builder setupFlags(long v) { setupFlags = v; return this; }
        public Builder vendor(String v) { vendor = v; return this; }
        public Builder hardwareVersion(String v) { hardwareVersion = v; return this; }
        public Builder firmware(String v) { firmware = v; return this; }
        public Builder minExtranonceSize(int v) { minExtranonceSize = v; return this; }
        public Builder bitaxeFutureJobs(boolean v) { bitaxeFutureJobs = v; return this; }
        public Builder mining(boolean v) { mining = v; return this; }
        /** Redial after a lost connection, waiting {@code first}, doubling up to {@code max}; null, null: never. */
        public Builder reconnect(Duration first, Duration max) { reconnectDelay = first; maxReconnectDelay = max; return this; }
        public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder maxFrameLength(int v) { maxFrameLength = v; return this; }
        public Builder transcriptLimit(int v) { transcriptLimit = v; return this; }
        public Builder shareHistoryLimit(int v) { shareHistoryLimit = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public V2MinerOptions build() {
            return new V2MinerOptions(host, port, authorityKey, skipCertificateCheck, name, user, channel,
                    nominalHashrate, hashrate, versionMask, alwaysRollVersion, setupFlags, vendor, hardwareVersion, firmware,
                    minExtranonceSize, bitaxeFutureJobs, mining, reconnectDelay, maxReconnectDelay, handshakeTimeout, connectTimeout, maxFrameLength,
                    transcriptLimit, shareHistoryLimit, clock);
        }
    }
}
