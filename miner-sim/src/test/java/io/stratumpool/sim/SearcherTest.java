package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.validator.BlockHeader;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.ShareValidator;
import io.stratumpool.validator.Submission;
import io.stratumpool.validator.Target;
import io.stratumpool.validator.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The header search, checked against share-validator's independent reconstruction of each share. */
class SearcherTest {
    private static final byte[] EXTRANONCE1 = Hex.decode("0a0b0c0d");
    private static final double DIFFICULTY = 2e-5;

    @Test
    void everyShareItReportsPassesShareValidator() {
        Job job = FakeJobs.job("7", FakeJobs.NBITS_NO_BLOCKS, 500);
        Work work = work(job, FakePool.POOL_MASK, true);
        List<Share> shares = new ArrayList<>();
        new Searcher(new AtomicLong()::getAndIncrement).search(work, 300_000, shares::add);
        assertTrue(shares.size() >= 1, "300k hashes at difficulty 2e-5 find ~4.6 shares");
        ShareValidator validator = new ShareValidator();
        for (Share s : shares) {
            Verdict v = validator.validate(job, EXTRANONCE1, new Submission(s.extranonce2(), s.nTime(), s.nonce(),
                    s.versionBits()), Target.ofDifficulty(DIFFICULTY), FakePool.POOL_MASK);
            assertEquals(Verdict.Result.ACCEPTED, v.result(), s.toString());
            assertEquals(v.hashHex(), s.hashHex());
        }
    }

    @Test
    void withoutVersionRollingItSendsNoVersionBits() {
        Job job = FakeJobs.job("8", FakeJobs.NBITS_NO_BLOCKS, 501);
        Share s = new Searcher(() -> 5).hashNonce(work(job, 0, false), 42);
        assertEquals(null, s.versionBits());
        assertEquals("00000005", s.extranonce2());
        assertEquals("0000002a", s.nonce());
        Verdict v = new ShareValidator().validate(job, EXTRANONCE1, new Submission(s.extranonce2(), s.nTime(), s.nonce(), null),
                Target.MAX, 0);
        assertEquals(s.hashHex(), v.hashHex());
    }

    @Test
    void depositSpreadsIndexBitsOverTheMask() {
        assertEquals(0x00002000L, HeaderBits.deposit(1, 0x1fffe000L));
        assertEquals(0x00006000L, HeaderBits.deposit(3, 0x1fffe000L));
        assertEquals(0x1fffe000L, HeaderBits.deposit(0xffff, 0x1fffe000L));
        assertEquals(0x80000001L, HeaderBits.deposit(3, 0x80000001L));
        assertEquals(0L, HeaderBits.deposit(5, 0));
    }

    @Test
    void rolledVersionsAgreeWithBlockHeaderRollVersion() {
        long mask = 0x1fffe000L;
        long bits = HeaderBits.deposit(0x1234, mask);
        assertEquals(0x20000000L | bits, BlockHeader.rollVersion(0x20000000L, bits, mask));
    }

    @Test
    void extranonce2IsTheCounterBigEndian() {
        assertEquals("00000102", Hex.encode(HeaderBits.counterBytes(0x0102, 4)));
        assertEquals("02", Hex.encode(HeaderBits.counterBytes(0x0102, 1)));
        assertEquals("00000000000000000000000000000001", Hex.encode(HeaderBits.counterBytes(1, 16)));
    }

    @Test
    void parsesTheNotifyAPoolSends() {
        Job job = FakeJobs.job("9", FakeJobs.NBITS_NO_BLOCKS, 502);
        JsonNode params = FakePool.JSON.valueToTree(FakeJobs.notifyParams(job, true));
        StratumJob parsed = StratumJob.parse(params);
        assertEquals(job.prevHash(), parsed.prevHash());
        assertEquals(job.merkleBranch().size(), parsed.merkleBranch().size());
        assertEquals(job.nBits(), parsed.nBits());
        assertTrue(parsed.cleanJobs());
        assertNotNull(parsed.networkTarget());
    }

    private static Work work(Job job, long mask, boolean rolling) {
        JsonNode params = FakePool.JSON.valueToTree(FakeJobs.notifyParams(job, true));
        StratumJob sj = StratumJob.parse(params);
        return new Work(1, sj, EXTRANONCE1, FakeJobs.EXTRANONCE2_SIZE, mask, rolling, DIFFICULTY,
                Target.ofDifficulty(DIFFICULTY), sj.networkTarget());
    }
}
