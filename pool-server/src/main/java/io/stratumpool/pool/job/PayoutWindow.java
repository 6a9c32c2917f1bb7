package io.stratumpool.pool.job;

import io.stratumpool.validator.address.Address;
import java.util.List;

/**
 * The PPLNS window as the coinbase split sees it: each user's counted share difficulty and the
 * address it is paid at (null when it has none). A snapshot, refreshed off the event loops.
 */
public record PayoutWindow(List<Entry> entries) {
    public static final PayoutWindow EMPTY = new PayoutWindow(List.of());

    public record Entry(String user, Address address, double weight) {
    }

    public PayoutWindow {
        entries = List.copyOf(entries);
    }
}
