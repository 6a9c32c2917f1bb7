package io.stratumpool.pool.share;

import io.stratumpool.pool.ledger.ShareRecord;

/** Told of every valid share once it is durable (hashrate tracking, per-worker statistics). */
public interface ShareListener {
    void onShare(ShareRecord share);
}
