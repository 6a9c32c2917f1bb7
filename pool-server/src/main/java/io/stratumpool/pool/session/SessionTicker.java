package io.stratumpool.pool.session;

import io.netty.channel.EventLoop;
import io.stratumpool.pool.config.LimitsConfig;
import io.stratumpool.pool.config.PortConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one timer of a port's connections: per event loop, a single task walks every connection on
 * that loop once a tick, and each counts its own deadlines in ticks (authorize timeout, idle
 * timeout, vardiff's retarget check). A connection costs two links and two counters instead of an
 * idle handler and scheduled tasks of its own; a tick over 10,000 connections is a walk of about
 * 10,000 field updates. The connections on a loop form an intrusive list through
 * {@link StratumSession}, touched only on that loop.
 *
 * <p>The tick is one second, or the vardiff check's period (a third of {@code retargetSeconds})
 * when that is shorter; every deadline fires within one tick after it is due.
 */
public final class SessionTicker {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTicker.class);
    private static final long MAX_TICK_MILLIS = 1_000;

    private final long tickMillis;
    private final int authorizeTicks;
    private final int idleTicks;
    private final int vardiffTicks;
    private final Map<EventLoop, Ring> rings = new ConcurrentHashMap<>();

    public SessionTicker(PortConfig port, LimitsConfig limits) {
        long vardiffMillis = Math.max(1, (long) (port.retargetSeconds() * 1000 / 3));
        this.tickMillis = Math.min(MAX_TICK_MILLIS, vardiffMillis);
        this.authorizeTicks = ticks(limits.authorizeTimeoutSeconds() * 1000L);
        this.idleTicks = ticks(limits.idleTimeoutSeconds() * 1000L);
        this.vardiffTicks = (int) Math.max(1, Math.round((double) vardiffMillis / tickMillis));
    }

    private int ticks(long millis) {
        return (int) Math.max(1, (millis + tickMillis - 1) / tickMillis);
    }

    long tickMillis() {
        return tickMillis;
    }

    int authorizeTicks() {
        return authorizeTicks;
    }

    int idleTicks() {
        return idleTicks;
    }

    int vardiffTicks() {
        return vardiffTicks;
    }

    /** Called on the session's event loop when its connection becomes active. */
    void add(StratumSession session) {
        EventLoop loop = session.eventLoop();
        rings.computeIfAbsent(loop, Ring::new).add(session);
    }

    /** Called on the session's event loop when its connection goes; a session never added is ignored. */
    void remove(StratumSession session) {
        Ring ring = rings.get(session.eventLoop());
        if (ring != null) {
            ring.remove(session);
        }
    }

    /** Connections on every loop's ring (read from any thread: approximate while they change). */
    int size() {
        return rings.values().stream().mapToInt(r -> r.size).sum();
    }

    /** One event loop's connections and its tick task. */
    private final class Ring {
        private StratumSession head;
        private volatile int size;

        Ring(EventLoop loop) {
            loop.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        }

        void add(StratumSession s) {
            if (s.tickNext != null || s.tickPrev != null || head == s) {
                return;
            }
            s.tickNext = head;
            if (head != null) {
                head.tickPrev = s;
            }
            head = s;
            size++;
        }

        void remove(StratumSession s) {
            if (s.tickPrev == null && head != s) {
                return;
            }
            if (s.tickPrev != null) {
                s.tickPrev.tickNext = s.tickNext;
            } else {
                head = s.tickNext;
            }
            if (s.tickNext != null) {
                s.tickNext.tickPrev = s.tickPrev;
            }
            s.tickPrev = null;
            s.tickNext = null;
            size--;
        }

        private void tick() {
            for (StratumSession s = head; s != null; ) {
                StratumSession next = s.tickNext; // a session may leave the ring while it ticks
                try {
                    s.tick(SessionTicker.this);
                } catch (RuntimeException e) {
                    LOG.warn("session tick failed: {}", e.toString(), e);
                }
                s = next;
            }
        }
    }
}
