package io.stratumpool.pool.session;

import io.stratumpool.pool.metrics.FirmwareLabels;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The firmware families the pool tells apart by the user agent of {@code mining.subscribe}, for
 * metrics by firmware. The set is fixed and the major version is a bounded number, so a label can
 * never take a value a miner made up: an unknown user agent is {@link #OTHER}, an unparseable or
 * implausible version is {@code unknown}. Pure: no I/O, no state.
 */
public enum FirmwareFamily {
    /** ESP-Miner / AxeOS: {@code bitaxe/BM1368/v2.9.0b3-24-gdd577d0}. */
    BITAXE("bitaxe"),
    /** NerdQAxe, NerdAxe, NerdOctaxe (ESP-Miner forks): {@code NerdQAxe++/BM1370/v1.0.36}. */
    NERDQAXE("nerdqaxe"),
    /** NerdMiner on an ESP32 alone: {@code NerdMinerV2/1.8.3}. */
    NERDMINER("nerdminer"),
    /** Braiins OS: {@code bosminer…}, {@code bOS…}, {@code braiins…}. */
    BRAIINS("braiins"),
    /** Bitmain stock firmware: {@code bmminer/2.0.0}, {@code Antminer S19k Pro/Fri Oct 10 …}. */
    ANTMINER("antminer"),
    /** MicroBT: {@code whatsminer/v1.0}, {@code btminer…}. */
    WHATSMINER("whatsminer"),
    /** cgminer builds, Canaan's Avalon firmware among them: {@code cgminer/4.11.1}. */
    CGMINER("cgminer"),
    /** NiceHash rigs and its excavator: {@code NiceHash/1.0.0}. */
    NICEHASH("nicehash"),
    /** pooler's cpuminer and its forks: {@code cpuminer/2.5.1}, {@code cpuminer-opt/3.8.8}. */
    CPUMINER("cpuminer"),
    OTHER("other");

    /** Majors above this read {@code unknown}; Braiins OS numbers its releases by year (25.01). */
    public static final int MAX_MAJOR = 39;
    public static final String UNKNOWN_MAJOR = "unknown";
    /** The first '/'-separated part after the name that starts like a version: {@code v2.9…}, {@code 1.8.3}, {@code 4}. */
    private static final Pattern VERSION = Pattern.compile("^[vV]?(\\d{1,2})(?![0-9])");

    private final String label;

    FirmwareFamily(String label) {
        this.label = label;
    }

    /** The {@code firmware} label value. */
    public String label() {
        return label;
    }

    /** The family a user agent names; {@link #OTHER} for null, empty or unknown ones. */
    public static FirmwareFamily of(String userAgent) {
        if (userAgent == null) {
            return OTHER;
        }
        String ua = userAgent.trim().toLowerCase(Locale.ROOT);
        if (ua.contains("nerdqaxe") || ua.contains("nerdaxe") || ua.contains("nerdoctaxe")) {
            return NERDQAXE;
        } else if (ua.contains("nerdminer")) {
            return NERDMINER;
        } else if (ua.startsWith("bitaxe") || ua.contains("esp-miner") || ua.contains("axeos")) {
            return BITAXE;
        } else if (ua.contains("bosminer") || ua.contains("braiins") || isBosPrefix(ua)) {
            return BRAIINS;
        } else if (ua.contains("whatsminer") || ua.contains("btminer")) {
            return WHATSMINER;
        } else if (ua.startsWith("bmminer") || ua.contains("antminer")) {
            return ANTMINER;
        } else if (ua.contains("cgminer") || ua.contains("avalon")) {
            return CGMINER;
        } else if (ua.contains("nicehash") || ua.contains("excavator")) {
            return NICEHASH;
        } else if (ua.contains("cpuminer")) {
            return CPUMINER;
        }
        return OTHER;
    }

    /** {@code bOS}, {@code bos+}, {@code bos/…}: the name alone, not a word that merely starts with it. */
    private static boolean isBosPrefix(String ua) {
        return ua.startsWith("bos") && (ua.length() == 3 || !Character.isLetter(ua.charAt(3)));
    }

    /**
     * The major version of a known family's user agent, 0..{@value #MAX_MAJOR}, or -1: the
     * leading number of the first '/'-separated part after the name that starts with a digit
     * (or v and a digit). For {@link #OTHER} always -1: its numbers mean nothing to us.
     */
    public static int major(String userAgent) {
        if (userAgent == null || of(userAgent) == OTHER) {
            return -1;
        }
        String[] parts = userAgent.trim().split("/");
        for (int i = 1; i < parts.length; i++) {
            Matcher m = VERSION.matcher(parts[i].trim());
            if (m.find()) {
                int major = Integer.parseInt(m.group(1));
                return major <= MAX_MAJOR ? major : -1;
            }
        }
        return -1;
    }

    /** The metric labels of a user agent: family and major version (or {@code unknown}). */
    public static FirmwareLabels labels(String userAgent) {
        FirmwareFamily family = of(userAgent);
        int major = major(userAgent);
        return new FirmwareLabels(family.label, major < 0 ? UNKNOWN_MAJOR : Integer.toString(major));
    }
}
