package io.stratumpool.pool.job;

/** Told when new work is ready for miners; the session layer broadcasts it. */
public interface JobListener {
    /** A new generation of jobs; {@code clean} asks miners to drop older work (a new tip). */
    void onNewJobs(JobGeneration generation, boolean clean);
}
