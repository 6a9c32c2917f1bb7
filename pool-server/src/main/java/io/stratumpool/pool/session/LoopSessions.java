package io.stratumpool.pool.session;

import java.util.Arrays;

/**
 * One event loop's mining sessions in the order they started mining, touched only on that loop: the
 * broadcast's walk ({@link NotifyFanout}). Walking in connection order rather than a hash set's
 * order visits sessions, channels and the kernel's sockets in the order they were allocated, which
 * the caches and the TLB reward (see BENCHMARKS.md, fan-out). A removal moves the last session into
 * the hole (its index is kept on the session), so add and remove are O(1) and the order stays
 * mostly that of arrival.
 */
final class LoopSessions {
    private StratumSession[] items = new StratumSession[64];
    private int size;

    /** Appends a session not yet here; a second call for the same session changes nothing. */
    void add(StratumSession session) {
        if (session.fanoutIndex >= 0) {
            return;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        session.fanoutIndex = size;
        items[size++] = session;
    }

    void remove(StratumSession session) {
        int at = session.fanoutIndex;
        if (at < 0 || at >= size || items[at] != session) {
            return;
        }
        StratumSession last = items[--size];
        items[at] = last;
        last.fanoutIndex = at;
        items[size] = null;
        session.fanoutIndex = -1;
    }

    int size() {
        return size;
    }

    StratumSession get(int i) {
        return items[i];
    }
}
