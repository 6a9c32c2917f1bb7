package io.stratumpool.sim;

import java.time.Instant;

/**
 * What became of one share a miner submitted: the pool answered {@code true}, answered with an
 * error, or never answered before the connection went away (the pool crashed or closed it).
 * Times come from the miner's clock; {@code answeredAt} is when the reply arrived, or when the
 * connection closed for an unanswered share.
 *
 * @param miner      the miner's name
 * @param errorCode  the Stratum error code of a rejection, -1 when there is none or no code
 */
public record ShareOutcome(String miner, Share share, Result result, int errorCode, Instant sentAt, Instant answeredAt) {
    /** The three ways a submit ends. */
    public enum Result { ACCEPTED, REJECTED, UNANSWERED }

    public boolean accepted() {
        return result == Result.ACCEPTED;
    }
}
