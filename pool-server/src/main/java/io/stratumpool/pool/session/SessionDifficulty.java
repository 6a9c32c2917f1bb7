package io.stratumpool.pool.session;

import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.share.JobDifficulty;
import io.stratumpool.validator.Target;

/**
 * A connection's share difficulty. After a change, jobs sent before it (sequence below
 * {@code switchSeq}) are still judged at the easier of the old and new difficulty, so work already
 * in flight when {@code mining.set_difficulty} went out is not rejected. The V2 edge keeps one per channel. Not thread-safe: used on
 * the connection's event loop.
 */
public final class SessionDifficulty implements JobDifficulty {
    private final PortConfig port;
    private double current;
    private double previous;
    private Target currentTarget;
    private Target easierTarget;
    private long switchSeq;
    private boolean fixed;
    private double floor;

    public SessionDifficulty(PortConfig port) {
        this.port = port;
        this.floor = port.minDifficulty();
        this.current = port.initialDifficulty();
        this.previous = current;
        this.currentTarget = Target.ofDifficulty(current);
        this.easierTarget = currentTarget;
    }

    public double current() {
        return current;
    }

    public boolean isFixed() {
        return fixed;
    }

    public boolean vardiffEnabled() {
        return !fixed && port.vardiff();
    }

    /** Pins the difficulty ({@code d=} in the password): vardiff and suggestions stop applying. */
    public void fix() {
        fixed = true;
    }

    /** Raises the floor vardiff may go down to (a miner's suggestion or minimum-difficulty request). */
    public void floor(double minimum) {
        floor = Math.max(port.minDifficulty(), Math.min(port.maxDifficulty(), minimum));
    }

    /** The difficulty clamped to the port's bounds, the floor, and the network difficulty. */
    public double clamp(double wanted, double networkDifficulty) {
        double d = Math.max(floor, Math.min(port.maxDifficulty(), wanted));
        return Math.min(d, networkDifficulty);
    }

    /** Sets a new difficulty; jobs up to {@code latestSeq} keep the old one as an alternative. True when it changed. */
    public boolean set(double difficulty, long latestSeq) {
        if (!(difficulty > 0) || difficulty == current) {
            return false;
        }
        previous = current;
        current = difficulty;
        switchSeq = latestSeq + 1;
        currentTarget = Target.ofDifficulty(current);
        easierTarget = Target.ofDifficulty(Math.min(previous, current));
        return true;
    }

    /** Sets the starting difficulty before any job was sent: no alternative is kept. */
    public void initial(double difficulty) {
        if (difficulty > 0 && difficulty != current) {
            current = difficulty;
            previous = difficulty;
            currentTarget = Target.ofDifficulty(difficulty);
            easierTarget = currentTarget;
        }
    }

    @Override
    public double difficultyFor(long jobSeq) {
        return jobSeq < switchSeq ? Math.min(previous, current) : current;
    }

    @Override
    public Target targetFor(long jobSeq) {
        return jobSeq < switchSeq ? easierTarget : currentTarget;
    }
}
