package io.stratumpool.pool.metrics;

import java.util.Objects;

/**
 * The {@code firmware} and {@code firmware_major} label values of one miner: a firmware family and
 * its major version, both from a small fixed set the Stratum edge derives from the subscribe user
 * agent (never the user agent itself, which would make one series per firmware build).
 */
public record FirmwareLabels(String family, String major) {
    /** A miner that sent no user agent, or one of no known family. */
    public static final FirmwareLabels UNKNOWN = new FirmwareLabels("other", "unknown");

    public FirmwareLabels {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(major, "major");
    }
}
