package io.stratumpool.pool.api;

import io.stratumpool.pool.accounting.AccountQueries;
import io.stratumpool.pool.accounting.HashrateEstimate;
import io.stratumpool.pool.block.BlockRecord;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API: hashes as display hex, times as ISO-8601 UTC, amounts in satoshis. */
final class ApiViews {
    private ApiViews() {
    }

    /** {@code network} is null before the first template. */
    record Pool(int miners, int workersOnline, int activeUsers, String scheme, double fee,
            List<HashrateEstimate> hashrate, Block lastBlock, LiveStats.Network network, List<LiveStats.Port> ports) {
    }

    record Ports(List<LiveStats.Port> ports) {
    }

    record User(String user, List<HashrateEstimate> hashrate, int workersOnline, long balance, long paid) {
    }

    /**
     * One worker. The live fields ({@code connectedSince}, {@code connections}, {@code difficulty},
     * the share counts and best share difficulty of its current connections, firmware, user agent and
     * Stratum {@code protocol}, v1 or v2) are null or zero while
     * it is offline; {@code lastShare} and {@code hashrate} come from the accepted shares of the last 24 h.
     */
    record Worker(String worker, boolean online, String connectedSince, int connections, Double difficulty,
            long accepted, long rejected, long stale, double bestShare, String lastShare, List<HashrateEstimate> hashrate,
            String firmware, String firmwareMajor, String userAgent, String protocol) {
    }

    record Workers(String user, List<Worker> workers, Page page) {
    }

    /** Where a list answer starts and how to ask for the next one ({@code next} is null on the last page). */
    record Page(int offset, int limit, Integer next) {
    }

    record Block(String hash, long height, String status, String reason, int confirmations, String user,
            String worker, double shareDifficulty, double networkDifficulty, long reward, String foundAt,
            String updatedAt) {
        static Block of(BlockRecord b) {
            return new Block(b.hash().toHexReversed(), b.height(), b.status().name().toLowerCase(), b.reason(),
                    b.confirmations(), b.user(), b.worker(), b.shareDifficulty(), b.networkDifficulty(), b.reward(),
                    b.foundAt().toString(), b.updatedAt().toString());
        }
    }

    record Blocks(List<Block> blocks, Page page) {
    }

    record Payment(long batch, String time, String kind, String status, String user, long amount, String txid,
            int confirmations) {
        static Payment of(AccountQueries.Payment p) {
            return new Payment(p.batchId(), p.time().toString(), p.kind(), p.status(), p.user(), p.amount(), p.txid(),
                    p.confirmations());
        }
    }

    record Payments(List<Payment> payments, Page page) {
    }

    /** Accepted work in one hour; {@code seconds} is 3600 except for the current, partial hour. */
    record Hour(String hour, long shares, double difficulty, double seconds, double hashrate) {
    }

    /** {@code user} is null for the pool's history. */
    record History(String user, List<Hour> hours) {
    }

    record Ready(boolean ready, boolean database, boolean work) {
    }

    static String time(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis).toString();
    }
}
