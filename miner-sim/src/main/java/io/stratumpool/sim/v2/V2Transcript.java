package io.stratumpool.sim.v2;

import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.message.Sv2Messages;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a V2 miner sent ({@code >}), received ({@code <}) and noticed ({@code #}), and the spec
 * names of the messages received: the latest {@code limit} of each, for assertion messages.
 * Thread-safe.
 */
final class V2Transcript {
    private final int limit;
    private final Deque<String> lines = new ArrayDeque<>();
    private final Deque<String> receivedTypes = new ArrayDeque<>();
    private final AtomicLong received = new AtomicLong();

    V2Transcript(int limit) {
        this.limit = limit;
    }

    void received(Sv2Message message) {
        received.incrementAndGet();
        keep(receivedTypes, Sv2Messages.name(message.msgType()));
        keep(lines, "< " + message);
    }

    void sent(Sv2Message message) {
        keep(lines, "> " + message);
    }

    void note(String text) {
        keep(lines, "# " + text);
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    List<String> receivedTypes() {
        synchronized (receivedTypes) {
            return List.copyOf(receivedTypes);
        }
    }

    long receivedCount() {
        return received.get();
    }

    private void keep(Deque<String> deque, String line) {
        synchronized (deque) {
            deque.addLast(line);
            if (deque.size() > limit) {
                deque.removeFirst();
            }
        }
    }
}
