package io.stratumpool.pool.api;

import io.stratumpool.pool.accounting.AccountQueries;
import io.stratumpool.pool.accounting.HashrateEstimate;
import io.stratumpool.pool.accounting.HashrateTracker;
import io.stratumpool.pool.block.BlockRecord;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API: hashes as display hex, times as ISO-8601 UTC, amounts in satoshis. */
final class ApiViews {
    private ApiViews() {
    }

    record Pool(int miners, int workersOnline, int activeUsers, String scheme, double fee,
            List<HashrateEstimate> hashrate, Block lastBlock) {
    }

    record User(String user, List<HashrateEstimate> hashrate, int workersOnline, long balance, long paid) {
    }

    /** {@code firmware}, {@code firmwareMajor} and {@code userAgent} are null while the worker is offline. */
    record Worker(String worker, boolean online, String lastShare, List<HashrateEstimate> hashrate, String firmware,
            String firmwareMajor, String userAgent) {
    }

    record Workers(String user, List<Worker> workers) {
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

    record Blocks(List<Block> blocks) {
    }

    record Payment(long batch, String time, String kind, String status, String user, long amount) {
        static Payment of(AccountQueries.Payment p) {
            return new Payment(p.batchId(), p.time().toString(), p.kind(), p.status(), p.user(), p.amount());
        }
    }

    record Payments(List<Payment> payments) {
    }

    record Ready(boolean ready, boolean database, boolean work) {
    }

    static Worker worker(HashrateTracker.WorkerHashrate w, boolean online, LiveStats.Firmware firmware) {
        String last = w.lastShareMillis() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(w.lastShareMillis()).toString();
        return new Worker(w.worker(), online, last, w.hashrate(), firmware == null ? null : firmware.family(),
                firmware == null ? null : firmware.major(), firmware == null ? null : firmware.userAgent());
    }
}
