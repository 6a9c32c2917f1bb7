package io.stratumpool.pool.metrics;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Where the job meters read from: seconds since the live job went out and since the template
 * source last delivered (-1 before the first), the height being mined, and the running count of
 * jobs withheld because the node rejected their proposal.
 */
public record JobReadings(DoubleSupplier jobAgeSeconds, DoubleSupplier templateAgeSeconds, LongSupplier height,
        LongSupplier rejectedJobs) {
}
