package io.stratumpool.pool.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds the RPCs in flight to one node and starts the waiting ones by priority, so the pool's own
 * traffic can never starve the node: a block submission or the next template always goes ahead of
 * proposals and confirmation look-ups, and bookkeeping never takes the last slots. Shared by every
 * client of the node (templates, submission, confirmations) through {@link NodeRpcGates}.
 * Long polls bypass it: they sit idle at the node for minutes by design.
 */
public final class RpcGate {
    /** Default bound per node; bcoin and Bitcoin Core serve RPCs on a handful of threads at most. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;

    /** Lower ordinal starts first. */
    public enum Priority { SUBMIT, TEMPLATE, TIP, BOOKKEEPING }

    private final int maxInFlight;
    private final int maxBookkeeping;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>();
    private long sequence;
    private int inFlight;
    private int bookkeepingInFlight;
    private int maxSeenInFlight;

    public RpcGate(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: >= 1)");
        }
        this.maxInFlight = maxInFlight;
        this.maxBookkeeping = Math.max(1, maxInFlight - 2);
    }

    /** The priority of a call, from its method and parameters; null for a call that bypasses the gate. */
    static Priority priorityOf(String method, Object[] params) {
        return switch (method) {
            case "submitblock", "preciousblock" -> Priority.SUBMIT;
            case "getbestblockhash" -> Priority.TIP;
            case "getblocktemplate" -> {
                Object request = params.length > 0 ? params[0] : null;
                if (request instanceof Map<?, ?> map && map.containsKey("longpollid")) {
                    yield null;
                }
                yield request instanceof Map<?, ?> map && map.containsKey("mode") ? Priority.BOOKKEEPING : Priority.TEMPLATE;
            }
            default -> Priority.BOOKKEEPING;
        };
    }

    /** Runs {@code call} once a slot is free for its priority; the slot is held until its future completes. */
    public <T> CompletableFuture<T> run(Priority priority, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> f;
            try {
                f = call.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((value, error) -> {
                release(priority);
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        };
        synchronized (this) {
            waiting.add(new Waiting(priority, sequence++, start));
        }
        drain();
        return result;
    }

    /** The most calls that were ever in flight at once (tests check the bound). */
    public synchronized int maxSeenInFlight() {
        return maxSeenInFlight;
    }

    public synchronized int waiting() {
        return waiting.size();
    }

    private void release(Priority priority) {
        synchronized (this) {
            inFlight--;
            if (priority == Priority.BOOKKEEPING) {
                bookkeepingInFlight--;
            }
        }
        drain();
    }

    private void drain() {
        List<Runnable> starts = new ArrayList<>();
        synchronized (this) {
            while (inFlight < maxInFlight && !waiting.isEmpty()) {
                Waiting next = waiting.peek();
                boolean bookkeeping = next.priority() == Priority.BOOKKEEPING;
                if (bookkeeping && bookkeepingInFlight >= maxBookkeeping) {
                    break; // the head is bookkeeping, so everything behind it is too
                }
                waiting.poll();
                inFlight++;
                if (bookkeeping) {
                    bookkeepingInFlight++;
                }
                maxSeenInFlight = Math.max(maxSeenInFlight, inFlight);
                starts.add(next.start());
            }
        }
        starts.forEach(Runnable::run);
    }

    private record Waiting(Priority priority, long sequence, Runnable start) implements Comparable<Waiting> {
        @Override
        public int compareTo(Waiting other) {
            int byPriority = priority.compareTo(other.priority);
            return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
        }
    }
}
