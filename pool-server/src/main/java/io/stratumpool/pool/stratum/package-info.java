/**
 * The Stratum v1 wire format: the line decoder (Jackson streaming into {@code StratumRequest}),
 * the encoder, every line the pool writes ({@code StratumMessages}, with the one JSON quoting
 * helper), the error codes miners parse, a job's {@code mining.notify} lines ({@code NotifyLines},
 * a {@code job.JobEncoding}), and the pipeline's tail exception handler. Depends on {@code job}
 * (to encode jobs) and {@code metrics}; never on {@code session} or the server.
 */
package io.stratumpool.pool.stratum;
