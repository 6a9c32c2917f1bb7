package io.stratumpool.pool.block;

import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.validator.Hash256;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes block lifecycle records to a {@link BlockRepository} in the order they were asked for, on
 * its own thread, and retries a write the store refused (a busy SQLite file, a database restart)
 * with backoff until it is taken: a found, accepted or confirmed block is never lost to a busy
 * store, and the RPC threads that produce these records never wait for the database.
 */
public final class BlockRecordWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockRecordWriter.class);
    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long MAX_RETRY_MILLIS = 5_000;
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final BlockRepository repository;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(new NamedThreads("block-records"));
    /** Writes stored in one go at most: one transaction for a storm of found blocks, bounded. */
    static final int MAX_BATCH = 500;

    private final Deque<Pending> queue = new ArrayDeque<>(); // confined to the executor thread
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    public BlockRecordWriter(BlockRepository repository) {
        this.repository = repository;
    }

    public BlockRepository repository() {
        return repository;
    }

    /** Records a newly found block (see {@link BlockRepository#found}); completes once stored. */
    public CompletableFuture<Void> found(BlockRecord block) {
        return enqueue("found " + block.hash(), new BlockRepository.Found(block));
    }

    /** Moves a block to a new status (see {@link BlockRepository#updateStatus}); completes once stored. */
    public CompletableFuture<Void> status(Hash256 hash, BlockStatus status, String reason, int confirmations) {
        return enqueue(status + " " + hash, new BlockRepository.StatusChange(hash, status, reason, confirmations));
    }

    /** Writes stored so far. */
    public long written() {
        return written.get();
    }

    /** Writes the store refused and that were tried again. */
    public long retries() {
        return retries.get();
    }

    private CompletableFuture<Void> enqueue(String what, BlockRepository.Write write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                queue.addLast(new Pending(what, write, done));
                if (queue.size() == 1) {
                    drain(0); // otherwise a drain, or its scheduled retry, is already under way
                }
            });
        } catch (RejectedExecutionException e) {
            log.error("block record ({}) arrived after shutdown, not stored", what);
            done.completeExceptionally(e);
        }
        return done;
    }

    private void drain(int firstAttempt) {
        int attempt = firstAttempt;
        while (!queue.isEmpty()) {
            // The oldest writes, in order, in one go; on failure the same list again (each write is idempotent).
            List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            for (Pending p : queue) {
                if (batch.size() == MAX_BATCH) {
                    break;
                }
                batch.add(p);
            }
            Pending next = batch.get(0);
            try {
                repository.writeAll(batch.stream().map(Pending::write).toList());
            } catch (RuntimeException e) {
                retries.incrementAndGet();
                long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(attempt, 16));
                if (attempt % 10 == 0) {
                    log.warn("block record ({}) not stored, retrying in {} ms ({} waiting): {}", next.what(), delay,
                            queue.size(), e.toString());
                }
                int nextAttempt = attempt + 1;
                executor.schedule(() -> drain(nextAttempt), delay, TimeUnit.MILLISECONDS);
                return;
            }
            for (Pending p : batch) {
                queue.removeFirst();
                written.incrementAndGet();
                p.done().complete(null);
            }
            attempt = 0;
        }
    }

    /** Lets queued records reach the store for a few seconds, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.error("block records still unwritten at shutdown after {} ms", CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    private record Pending(String what, BlockRepository.Write write, CompletableFuture<Void> done) {
    }
}
