package io.stratumpool.pool.ledger;

import io.stratumpool.pool.concurrent.NamedThreads;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share ledger on a JDBC store, with group commit: one writer thread takes every share that
 * arrives within {@code commitWindowMillis} of the first (or up to {@code maxBatch}) and inserts
 * them in one transaction; each future completes only after that transaction committed.
 *
 * <p>Timeouts and the no-false-{@code true} rule. A share waits in the bounded queue; the reaper
 * fails it with {@link LedgerRejectedException.Reason#TIMEOUT} once it has waited
 * {@code ackTimeoutMillis}. The reaper and the writer race for each share through its state
 * ({@link PendingShare}): the writer claims shares only after it holds a connection and, on SQLite,
 * the write lock, so a slow or down store leaves shares claimable by the reaper. Once claimed, a
 * share belongs to a transaction whose outcome is not yet known, and a reply of "not stored" could
 * be a lie if that transaction commits, so claimed shares never time out; they wait for the outcome:
 * <ul>
 *   <li>commit returned: stored, complete normally;</li>
 *   <li>failure before COMMIT was sent: the server can never commit it, so the shares are released
 *       to the queue state, where the reaper may fail them and the writer may retry them;</li>
 *   <li>failure during COMMIT: the outcome is unknown (the server may have committed before the
 *       connection broke). Those shares stay claimed and are retried until a transaction succeeds;
 *       the unique (time, header hash) index makes the retry a no-op for rows that did land (and
 *       makes it wait for a transaction the server is still finishing), so afterwards they are
 *       stored exactly once and complete normally, however late.</li>
 * </ul>
 * A rejected append (queue full, closed) completes at once. Store failures are retried with
 * exponential backoff; {@code event.ledger-down} and {@code event.ledger-up} tell operators.
 */
public final class JdbcShareLedger implements ShareLedger {
    private static final Logger log = LoggerFactory.getLogger(JdbcShareLedger.class);
    private static final Logger events = LoggerFactory.getLogger("event.ledger-down");
    private static final Logger upEvents = LoggerFactory.getLogger("event.ledger-up");
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final Database database;
    private final BlockingQueue<PendingShare> queue;
    /** Every unfinished share in arrival order, hence deadline order: what the reaper scans. */
    private final ConcurrentLinkedQueue<PendingShare> unfinished = new ConcurrentLinkedQueue<>();
    private final long commitWindowNanos;
    private final long timeoutNanos;
    private final int maxBatch;
    private final Thread writer;
    private final ScheduledExecutorService reaper;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong rejectedFull = new AtomicLong();
    private volatile boolean up = true;
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;
    private volatile CommitListener commitListener = (transactionNanos, oldestWaitNanos) -> { };

    /** Told about each committed transaction, for metrics; called on the writer thread, so it must be quick. */
    @FunctionalInterface
    public interface CommitListener {
        /** {@code transactionNanos}: connection to COMMIT; {@code oldestWaitNanos}: the batch's oldest share, append to COMMIT. */
        void committed(long transactionNanos, long oldestWaitNanos);
    }

    public JdbcShareLedger(Database database, LedgerConfig config) {
        this.database = database;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.commitWindowNanos = TimeUnit.MILLISECONDS.toNanos(config.commitWindowMillis());
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.ackTimeoutMillis());
        this.maxBatch = config.maxBatch();
        this.writer = new Thread(this::runWriter, "ledger-writer");
        this.reaper = Executors.newSingleThreadScheduledExecutor(new NamedThreads("ledger-reaper"));
        long period = Math.max(5, Math.min(100, config.ackTimeoutMillis() / 20));
        reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
        writer.start();
    }

    @Override
    public CompletableFuture<Void> append(ShareRecord share) {
        PendingShare p = new PendingShare(share, System.nanoTime(), timeoutNanos);
        if (closed.get()) {
            p.expire(new LedgerRejectedException(LedgerRejectedException.Reason.CLOSED, "ledger closed"));
            return p.future;
        }
        unfinished.add(p);
        if (!queue.offer(p)) {
            rejectedFull.incrementAndGet();
            p.expire(new LedgerRejectedException(LedgerRejectedException.Reason.QUEUE_FULL,
                    "ledger queue full (" + queue.size() + " shares waiting)"));
        } else if (closed.get()) {
            // close() raced with this append: the writer may already be gone, so fail it unless claimed.
            p.expire(new LedgerRejectedException(LedgerRejectedException.Reason.CLOSED, "ledger closed"));
        }
        return p.future;
    }

    public void onCommit(CommitListener listener) {
        this.commitListener = listener;
    }

    public LedgerStats stats() {
        return new LedgerStats(transactions.get(), committed.get(), failedAttempts.get(), timedOut.get(),
                rejectedFull.get(), queue.size(), up);
    }

    private void runWriter() {
        List<PendingShare> batch = new ArrayList<>();
        long backoff = 0;
        while (!shouldStop(batch)) {
            try {
                if (!fill(batch)) {
                    continue;
                }
                if (write(batch)) {
                    backoff = 0;
                } else {
                    backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(50, backoff * 2));
                    Thread.sleep(backoff);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean shouldStop(List<PendingShare> batch) {
        if (!closed.get()) {
            return false;
        }
        return (batch.isEmpty() && queue.isEmpty()) || System.nanoTime() - closeDeadlineNanos >= 0;
    }

    /** Adds to the batch whatever arrives within the commit window of its first share. */
    private boolean fill(List<PendingShare> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            PendingShare first = queue.poll(50, TimeUnit.MILLISECONDS);
            if (first == null) {
                return false;
            }
            batch.add(first);
        }
        long windowEnd = System.nanoTime() + (closed.get() ? 0 : commitWindowNanos);
        while (batch.size() < maxBatch) {
            if (queue.drainTo(batch, maxBatch - batch.size()) > 0) {
                continue;
            }
            long left = windowEnd - System.nanoTime();
            PendingShare next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return true;
    }

    /** One attempt at committing the batch; true when the batch is finished with (see class comment). */
    private boolean write(List<PendingShare> batch) {
        List<PendingShare> claimed = new ArrayList<>(batch.size());
        boolean commitSent = false;
        long started = System.nanoTime();
        try (Connection c = database.dataSource().getConnection()) {
            database.beginWrite(c);
            claim(batch, claimed);
            if (!claimed.isEmpty()) {
                ShareRows.insert(c, database.dialect(), claimed);
                commitSent = true;
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            return failed(e, batch, claimed, commitSent);
        }
        if (!claimed.isEmpty()) {
            // Reported before the futures complete, so a share's ack never precedes its commit's metrics.
            long now = System.nanoTime();
            commitListener.committed(now - started, now - claimed.get(0).enqueuedNanos);
        }
        finish(claimed);
        batch.clear();
        return true;
    }

    /** Moves the batch's still-waiting shares into the transaction; expired ones are dropped. */
    private static void claim(List<PendingShare> batch, List<PendingShare> claimed) {
        for (PendingShare p : batch) {
            if (p.claim()) {
                claimed.add(p);
            }
        }
        batch.clear(); // claimed is batch's claimable subsequence, in order: retainAll would be quadratic
        batch.addAll(claimed);
    }

    private void finish(List<PendingShare> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        transactions.incrementAndGet();
        committed.addAndGet(claimed.size());
        for (PendingShare p : claimed) {
            p.committed();
        }
        if (!up) {
            up = true;
            upEvents.info("share ledger store reachable again; {} shares waiting", queue.size());
        }
    }

    private boolean failed(Exception e, List<PendingShare> batch, List<PendingShare> claimed, boolean commitSent) {
        failedAttempts.incrementAndGet();
        if (!commitSent) {
            claimed.forEach(PendingShare::release);
        }
        if (up) {
            up = false;
            events.warn("share ledger store failing, holding {} shares: {}", batch.size() + queue.size(),
                    describe(e));
        } else {
            log.debug("ledger write failed again (commit sent: {})", commitSent, e);
        }
        return false;
    }

    /** The innermost message, short: a batch exception's own text lists every row. */
    private static String describe(Throwable e) {
        Throwable cause = e instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException() : e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** Fails shares that waited too long and are in no transaction; stops at the first not yet due. */
    private void reap() {
        long now = System.nanoTime();
        Iterator<PendingShare> it = unfinished.iterator();
        while (it.hasNext()) {
            PendingShare p = it.next();
            if (p.isDone()) {
                it.remove();
            } else if (!p.isOverdue(now)) {
                return;
            } else if (p.expire(timeout(now - p.enqueuedNanos))) {
                timedOut.incrementAndGet();
                queue.remove(p);
                it.remove();
            }
        }
    }

    private static LedgerRejectedException timeout(long waitedNanos) {
        return new LedgerRejectedException(LedgerRejectedException.Reason.TIMEOUT,
                "share not stored within " + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms");
    }

    /** Stops taking shares, commits what is queued (for at most the ack timeout) and fails the rest. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeDeadlineNanos = System.nanoTime() + timeoutNanos;
        joinWriter();
        reaper.shutdownNow();
        var reason = new LedgerRejectedException(LedgerRejectedException.Reason.CLOSED, "ledger closed");
        for (PendingShare p : unfinished) {
            if (!p.isDone()) {
                p.abandon(reason);
            }
        }
        unfinished.clear();
        queue.clear();
    }

    private void joinWriter() {
        try {
            writer.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 5_000);
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
