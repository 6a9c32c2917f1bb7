package io.stratumpool.pool.block;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a found block stands: found → submitted → accepted or rejected → confirmed or orphaned.
 * An orphaned block can return to accepted if a shallow reorganisation puts it back in the chain.
 * A sibling is a further solution on a parent the pool already submitted a block for: credited as
 * a share and kept, but submitted only if that block is rejected (then it moves on to submitted).
 */
public enum BlockStatus {
    FOUND,
    SUBMITTED,
    ACCEPTED,
    REJECTED,
    CONFIRMED,
    ORPHANED,
    SIBLING;

    /** The status as metrics and the API spell it: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every status's label, in lifecycle order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(BlockStatus::label).toList();
    }

    /** Counts by status, keyed by label. */
    public static Map<String, Long> byLabel(Map<BlockStatus, Long> counts) {
        Map<String, Long> byLabel = new LinkedHashMap<>();
        counts.forEach((status, n) -> byLabel.put(status.label(), n));
        return byLabel;
    }
}
