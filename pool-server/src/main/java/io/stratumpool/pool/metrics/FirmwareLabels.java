package io.stratumpool.pool.metrics;

import java.util.Objects;

/**
 * The {@code firmware}, {@code firmware_major} and {@code protocol} label values of one miner: a
 * firmware family and its major version, both from a small fixed set the Stratum edges derive from
 * the user agent (never the user agent itself, which would make one series per firmware build), and
 * the Stratum protocol it speaks ({@code v1} or {@code v2}).
 */
public record FirmwareLabels(String family, String major, String protocol) {
    /** A V1 miner that sent no user agent, or one of no known family. */
    public static final FirmwareLabels UNKNOWN = new FirmwareLabels("other", "unknown");
    /** The same, over Stratum V2. */
    public static final FirmwareLabels UNKNOWN_V2 = UNKNOWN.overV2();

    public FirmwareLabels {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(major, "major");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** A Stratum V1 miner's labels. */
    public FirmwareLabels(String family, String major) {
        this(family, major, "v1");
    }

    /** These labels for a miner speaking Stratum V2. */
    public FirmwareLabels overV2() {
        return new FirmwareLabels(family, major, "v2");
    }
}
