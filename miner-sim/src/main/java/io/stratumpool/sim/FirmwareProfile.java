package io.stratumpool.sim;

import static io.stratumpool.sim.Quirk.CONFIGURE_REPLY_IS_NEXT_LINE;
import static io.stratumpool.sim.Quirk.DIFFICULTY_FROM_NEXT_NOTIFY;
import static io.stratumpool.sim.Quirk.ERROR_MUST_BE_ARRAY;
import static io.stratumpool.sim.Quirk.EXTRANONCE_SUBSCRIBE_ERROR_FATAL;
import static io.stratumpool.sim.Quirk.FIXED_SUBMIT_ID;
import static io.stratumpool.sim.Quirk.HEIGHT_MUST_BE_DATA_PUSH;
import static io.stratumpool.sim.Quirk.IGNORE_REPEATED_JOB_ID;
import static io.stratumpool.sim.Quirk.IGNORE_REPLY_WITHOUT_RESULT;
import static io.stratumpool.sim.Quirk.RECONNECT_NEEDS_HOST_PORT;
import static io.stratumpool.sim.Quirk.REJECT_UNREQUESTED_CONFIGURE_KEYS;
import static io.stratumpool.sim.Quirk.REQUIRE_ERROR_MEMBER;
import static io.stratumpool.sim.Quirk.REQUIRE_VERSION_ROLLING;
import static io.stratumpool.sim.Quirk.SUBSCRIBE_REPLY_IS_NEXT_LINE;

import io.stratumpool.sim.JsonLines.Style;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How one real firmware opens a Stratum session, replayed from the exchanges its authors published
 * (shared/vectors/firmware-transcripts.md): message order, ids, params, user agent, which requests
 * are pipelined and which wait for a reply, and the replies that make it give up.
 * Values the transcripts do not show (a suggestion's value, a user agent) are marked as ours.
 */
public enum FirmwareProfile {
    /** ESP-Miner 2.9: configure, subscribe, authorize pipelined; suggest and extranonce.subscribe after authorize. */
    BITAXE("bitaxe/BM1368/v2.9.0b3-24-gdd577d0", null, 1, Style.SPACED, "1000", espMiner(), s -> {
        s.configure("ffffffff");
        s.subscribe();
        s.authorize().thenRun(() -> {
            s.suggestDifficulty();
            s.extranonceSubscribe();
        });
    }),
    /** ESP-Miner 2.4: subscribe, configure, authorize and suggest all pipelined. */
    BITAXE_LEGACY("bitaxe/BM1368/v2.4.0-8-g00b8411-dirty", null, 1, Style.SPACED, "1000", espMiner(), s -> {
        s.subscribe();
        s.configure("ffffffff");
        s.authorize();
        s.suggestDifficulty();
    }),
    /** btminer: configure and wait; then subscribe with a session id and an early suggestion (value ours) before authorize. */
    WHATSMINER("whatsminer/v1.0", "ae6812eb4cd7735a302a8a9dd95cf71f", 196, Style.SPACED, "1024",
            EnumSet.of(REJECT_UNREQUESTED_CONFIGURE_KEYS), s -> s.configure("1fffe000").thenRun(() -> {
                s.subscribe();
                s.suggestDifficulty();
                s.authorize();
            })),
    /** Stock bmminer: large ids, subscribe with a session id, multi_version after authorize (our value 1). */
    ANTMINER_S9("bmminer/2.0.0", "ae6812eb4cd7735a302a8a9dd95cf71f", 3642, Style.SPACED, null, EnumSet.noneOf(Quirk.class),
            s -> s.subscribe().thenRun(() -> s.authorize().thenRun(() -> s.multiVersion(1)))),
    /** Braiins OS bmminer: configure with a bit count and wait for a valid mask (user agent ours). */
    BRAIINS_OS("bmminer/2.0.0", null, 1, Style.SPACED, null, EnumSet.of(REQUIRE_VERSION_ROLLING),
            s -> s.configure(2, "ffffffff").thenRun(() -> s.subscribe().thenRun(s::authorize))),
    /** Canaan cgminer 4.11: strictly one reply line per handshake step; extranonce.subscribe errors are fatal. */
    AVALON("cgminer/4.11.1", "ae6812eb4cd7735a302a8a9dd95cf71f", 1, Style.SPACED, null,
            EnumSet.of(REQUIRE_VERSION_ROLLING, CONFIGURE_REPLY_IS_NEXT_LINE, SUBSCRIBE_REPLY_IS_NEXT_LINE,
                    EXTRANONCE_SUBSCRIBE_ERROR_FATAL),
            s -> s.configure("ffffffff").thenRun(() -> s.subscribe().thenRun(
                    () -> s.authorize().thenRun(() -> {
                        s.extranonceSubscribe();
                        s.suggestDifficulty(); // only with a suggestion set in MinerOptions
                    })))),
    /** NerdMiner V2: compact JSON, a fractional suggestion after authorize, re-sent as a keep-alive. */
    NERDMINER("NerdMinerV2/1.8.3", null, 1, Style.COMPACT, "0.00015", EnumSet.noneOf(Quirk.class),
            s -> s.subscribe().thenRun(() -> {
                s.authorize();
                s.suggestDifficulty();
                s.keepSuggesting();
            })),
    /** NerdQAxe++: subscribe, configure, authorize, suggest 4000 and extranonce.subscribe pipelined. */
    NERDQAXE("NerdQAxe++/BM1370/v1.0.36", null, 1, Style.SPACED, "4000", espMiner(), s -> {
        s.subscribe();
        s.configure("1fffe000");
        s.authorize();
        s.suggestDifficulty();
        s.extranonceSubscribe();
    }),
    /** A NiceHash rig (messages ours): every response must carry "error". */
    NICEHASH("NiceHash/1.0.0", null, 1, Style.SPACED, null, EnumSet.of(REQUIRE_ERROR_MEMBER), s -> {
        s.configure("1fffe000");
        s.subscribe();
        s.authorize();
        s.extranonceSubscribe();
    }),
    /** pooler cpuminer 2.5.1: five-param submits with id 4, strict subscribe reply, lazy difficulty. */
    CPUMINER("cpuminer/2.5.1", null, 1, Style.SPACED, null,
            EnumSet.of(SUBSCRIBE_REPLY_IS_NEXT_LINE, ERROR_MUST_BE_ARRAY, IGNORE_REPLY_WITHOUT_RESULT,
                    DIFFICULTY_FROM_NEXT_NOTIFY, RECONNECT_NEEDS_HOST_PORT, FIXED_SUBMIT_ID),
            s -> s.subscribe().thenRun(s::authorize));

    /**
     * ESP-Miner's rules (Bitaxe, NerdQAxe): array errors, a repeated job id ignored, difficulty from
     * the next new job, the coinbase height read as a data push.
     */
    private static EnumSet<Quirk> espMiner() {
        return EnumSet.of(ERROR_MUST_BE_ARRAY, IGNORE_REPEATED_JOB_ID, DIFFICULTY_FROM_NEXT_NOTIFY, HEIGHT_MUST_BE_DATA_PUSH);
    }

    private final String userAgent;
    private final String sessionId;
    private final long firstId;
    private final Style style;
    private final BigDecimal suggestedDifficulty;
    private final Set<Quirk> quirks;
    private final Consumer<HandshakeSteps> script;

    FirmwareProfile(String userAgent, String sessionId, long firstId, Style style, String suggestedDifficulty,
                    EnumSet<Quirk> quirks, Consumer<HandshakeSteps> script) {
        this.userAgent = userAgent;
        this.sessionId = sessionId;
        this.firstId = firstId;
        this.style = style;
        this.suggestedDifficulty = suggestedDifficulty == null ? null : new BigDecimal(suggestedDifficulty);
        this.quirks = Collections.unmodifiableSet(quirks);
        this.script = script;
    }

    public String userAgent() {
        return userAgent;
    }

    /** The session id sent on first subscribe, or null when the firmware sends none. */
    public String sessionId() {
        return sessionId;
    }

    /** The id of the first request; bmminer keeps counting across reconnects, hence 3642. */
    public long firstId() {
        return firstId;
    }

    public Style style() {
        return style;
    }

    /** The difficulty the firmware suggests, or null when it sends no suggestion. */
    public BigDecimal suggestedDifficulty() {
        return suggestedDifficulty;
    }

    public Set<Quirk> quirks() {
        return quirks;
    }

    public boolean has(Quirk quirk) {
        return quirks.contains(quirk);
    }

    void runHandshake(HandshakeSteps steps) {
        script.accept(steps);
    }

    /** Parses a profile name case-insensitively, with {@code -} for {@code _}. */
    public static FirmwareProfile parse(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
