package io.stratumpool.bench;

import io.stratumpool.validator.Job;
import io.stratumpool.validator.ShareValidator;
import io.stratumpool.validator.Submission;
import io.stratumpool.validator.Target;
import io.stratumpool.validator.Verdict;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shares validated per second on one core, next to the raw SHA-256 compression rate of the JDK's
 * MessageDigest, so their ratio shows how much of the hardware's hashing the validator turns into
 * shares. A share costs 45 compressions here: the 280-byte coinbase (5 + 1), twelve merkle levels
 * (12 × 3) and the 80-byte header (2 + 1).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class ShareValidatorBenchmark {
    private static final int BUFFER = 1 << 20;

    private final ShareValidator validator = new ShareValidator();
    private final MessageDigest sha256 = sha256();
    private final byte[] buffer = new byte[BUFFER];
    private final byte[] digest = new byte[32];
    private final String[] nonces = new String[1 << 16];
    private final String[] extranonce2s = new String[1 << 10];
    private Job job;
    private Target lowTarget;
    private int counter;
    private String ntime;

    @Setup(Level.Trial)
    public void prepare() {
        for (int i = 0; i < nonces.length; i++) {
            nonces[i] = String.format("%08x", i * 2654435761L & 0xffffffffL);
        }
        for (int i = 0; i < extranonce2s.length; i++) {
            extranonce2s[i] = String.format("%016x", i);
        }
        ntime = String.format("%08x", RealisticJob.NTIME);
        lowTarget = Target.ofDifficulty(1e6);
    }

    @Setup(Level.Iteration)
    public void freshJob() {
        job = RealisticJob.create("b" + counter);
    }

    /**
     * Shares that meet their target: full hashing plus the duplicate-filter insert. The job is
     * renewed (same template, empty duplicate filter) every 65,536 shares, as a pool renews jobs
     * every 30 s: 19,000 miners at one share per 10 s put about 57,000 shares on a job. Without it the
     * filter would hold millions of hashes, a size no pool's job reaches.
     */
    @Benchmark
    public Verdict acceptedShare() {
        int n = counter++;
        if ((n & 0xffff) == 0) {
            job = new Job(job.jobId(), job.template(), job.coinbase(), job.nTime(), Job.DEFAULT_MAX_NTIME_ROLL);
        }
        return validator.validate(job, RealisticJob.EXTRANONCE1,
                new Submission(extranonce2s[(n >>> 16) & 0x3ff], ntime, nonces[n & 0xffff], null), Target.MAX, 0);
    }

    /** Shares under their target: full hashing, rejected as low difficulty. */
    @Benchmark
    public Verdict lowDifficultyShare() {
        int n = counter++;
        return validator.validate(job, RealisticJob.EXTRANONCE1,
                new Submission("0000000000000001", ntime, nonces[n & 0xffff], null), lowTarget, 0);
    }

    /** SHA-256 compressions: one operation hashes 1 MiB = 16,384 compressions. */
    @Benchmark
    public byte[] sha256Megabyte() throws Exception {
        sha256.update(buffer, 0, BUFFER);
        sha256.digest(digest, 0, 32);
        return digest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
