package io.stratumpool.pool.ledger;

import io.stratumpool.sim.ShareListener;
import io.stratumpool.sim.ShareOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What the miners were told about each share they submitted, by header hash (display hex, as the
 * ledger stores it). One instance listens to a whole fleet.
 */
final class ShareOutcomes implements ShareListener {
    private final Map<String, ShareOutcome> byHash = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong resubmitted = new AtomicLong();

    @Override
    public void onOutcome(ShareOutcome outcome) {
        if (byHash.putIfAbsent(outcome.share().hashHex(), outcome) != null) {
            resubmitted.incrementAndGet(); // our miners never submit a header twice; counted, and checked
        } else if (outcome.accepted()) {
            accepted.incrementAndGet();
        }
    }

    long accepted() {
        return accepted.get();
    }

    /** Headers submitted more than once (expected: none). */
    long resubmitted() {
        return resubmitted.get();
    }

    Map<String, ShareOutcome> byHash() {
        return Map.copyOf(byHash);
    }

    List<ShareOutcome> matching(Predicate<ShareOutcome> filter) {
        return byHash.values().stream().filter(filter).toList();
    }

    long count(ShareOutcome.Result result) {
        return byHash.values().stream().filter(o -> o.result() == result).count();
    }
}
