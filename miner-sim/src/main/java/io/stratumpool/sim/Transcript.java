package io.stratumpool.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every line a miner sent and received, with timestamps, in the order the I/O thread saw them.
 * Bounded: past {@code limit} lines the oldest are dropped, so a long-running fleet stays small.
 */
public final class Transcript {
    /** Which way a line went. */
    public enum Direction { SENT, RECEIVED }

    /** One line without its newline. */
    public record Line(Instant at, Direction direction, String text) {
        @Override
        public String toString() {
            return (direction == Direction.SENT ? "→ " : "← ") + text;
        }
    }

    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final int limit;
    private final Clock clock;
    private final Signal signal;

    Transcript(int limit, Clock clock, Signal signal) {
        if (limit < 1) {
            throw new IllegalArgumentException("transcript limit: " + limit + " (expected: >= 1)");
        }
        this.limit = limit;
        this.clock = clock;
        this.signal = signal;
    }

    void record(Direction direction, String text) {
        synchronized (lines) {
            if (lines.size() == limit) {
                lines.removeFirst();
            }
            lines.addLast(new Line(clock.instant(), direction, text));
        }
        signal.fire();
    }

    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The text of every line sent, oldest first. */
    public List<String> sent() {
        return texts(Direction.SENT);
    }

    /** The text of every line received, oldest first. */
    public List<String> received() {
        return texts(Direction.RECEIVED);
    }

    public Optional<Line> find(Direction direction, Predicate<String> matcher) {
        return lines().stream().filter(l -> l.direction() == direction && matcher.test(l.text())).findFirst();
    }

    /** Waits for a line in the given direction whose text matches. */
    public Optional<Line> await(Direction direction, Predicate<String> matcher, Duration timeout) {
        signal.await(() -> find(direction, matcher).isPresent(), timeout);
        return find(direction, matcher);
    }

    /** Waits until at least {@code count} lines have been sent. */
    public boolean awaitSent(int count, Duration timeout) {
        return signal.await(() -> sent().size() >= count, timeout);
    }

    private List<String> texts(Direction direction) {
        return lines().stream().filter(l -> l.direction() == direction).map(Line::text).toList();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        lines().forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
