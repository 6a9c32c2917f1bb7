package io.stratumpool.validator;

import static io.stratumpool.validator.TestJobs.EXTRANONCE1;
import static io.stratumpool.validator.TestJobs.NTIME;
import static io.stratumpool.validator.TestJobs.submission;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.validator.Verdict.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShareValidatorTest {
    /** Mainnet difficulty 1: a synthetic share will not be a block by chance (p = 2^-32). */
    private static final long HARD_BITS = 0x1d00ffffL;
    private static final long MASK = 0x1fffe000L;

    private final ShareValidator validator = new ShareValidator();

    @Test
    void acceptsShareMeetingShareTargetAndReportsItsDifficulty() {
        Job job = TestJobs.job(HARD_BITS, 5);
        Target shareTarget = Target.ofDifficulty(0.00001);
        long nonce = TestJobs.findNonce(job, "00000001", shareTarget, Result.ACCEPTED, 0);
        Verdict v = validator.validate(job, EXTRANONCE1, submission("00000001", nonce), shareTarget, 0);
        assertEquals(Result.ACCEPTED, v.result());
        assertTrue(shareTarget.isMetBy(v.hash(), 0));
        assertTrue(v.difficulty() >= 0.00001);
        assertNull(v.header());
    }

    @Test
    void rejectsShareBelowShareTargetAsLowDifficulty() {
        Job job = TestJobs.job(HARD_BITS, 5);
        Target shareTarget = Target.ofDifficulty(0.001);
        long nonce = TestJobs.findNonce(job, "00000001", shareTarget, Result.LOW_DIFFICULTY, 0);
        Verdict v = validator.validate(job, EXTRANONCE1, submission("00000001", nonce), shareTarget, 0);
        assertEquals(Result.LOW_DIFFICULTY, v.result());
        assertTrue(v.difficulty() < 0.001);
    }

    @Test
    void reportsBlockWhoseSerializationCarriesTheHeaderAndMerkleRoot() {
        Job job = TestJobs.job(0x207fffffL, 12);
        long nonce = TestJobs.findNonce(job, "0000abcd", Target.MAX, Result.BLOCK, 0);
        Verdict v = validator.validate(job, EXTRANONCE1, submission("0000abcd", nonce), Target.MAX, 0);
        assertEquals(Result.BLOCK, v.result());
        byte[] block = job.serializeBlock(v.header(), EXTRANONCE1, v.extranonce2());
        Block parsed = Block.parse(block);
        assertEquals(13, parsed.transactions().size());
        Hash256 root = Merkle.root(parsed.transactions().stream().map(Transaction::txid).toList());
        assertArrayEquals(root.bytes(), java.util.Arrays.copyOfRange(v.header(), 36, 68));
        assertArrayEquals(v.hash(), Sha256d.of(v.header()));
        Transaction coinbase = parsed.transactions().get(0);
        assertEquals(Merkle.findWitnessCommitment(coinbase.outputs()),
                Merkle.witnessCommitment(parsed.transactions().subList(1, 13).stream().map(Transaction::wtxid).toList(),
                        coinbase.witnesses().get(0).get(0)));
    }

    @Test
    void blockIsReportedEvenWhenTheShareTargetIsHarder() {
        Job job = TestJobs.job(0x207fffffL, 0);
        long nonce = TestJobs.findNonce(job, "00000000", Target.MAX, Result.BLOCK, 0);
        Verdict v = validator.validate(job, EXTRANONCE1, submission("00000000", nonce), Target.ofDifficulty(1e6), 0);
        assertEquals(Result.BLOCK, v.result());
    }

    @Test
    void rejectsTheSameHeaderTwiceAsDuplicate() {
        Job job = TestJobs.job(HARD_BITS, 3);
        assertEquals(Result.ACCEPTED, validator.validate(job, EXTRANONCE1, submission("00000002", 7), Target.MAX, 0).result());
        assertEquals(Result.DUPLICATE, validator.validate(job, EXTRANONCE1, submission("00000002", 7), Target.MAX, 0).result());
        assertEquals(Result.ACCEPTED, validator.validate(job, EXTRANONCE1, submission("00000003", 7), Target.MAX, 0).result());
    }

    @Test
    void sameNonceWithOtherVersionBitsIsNotADuplicate() {
        Job job = TestJobs.job(HARD_BITS, 3);
        Submission a = new Submission("00000002", String.format("%08x", NTIME), "00000007", "00002000");
        Submission b = new Submission("00000002", String.format("%08x", NTIME), "00000007", "00004000");
        assertEquals(Result.ACCEPTED, validator.validate(job, EXTRANONCE1, a, Target.MAX, MASK).result());
        assertEquals(Result.ACCEPTED, validator.validate(job, EXTRANONCE1, b, Target.MAX, MASK).result());
        assertEquals(Result.DUPLICATE, validator.validate(job, EXTRANONCE1, b, Target.MAX, MASK).result());
    }

    @Test
    void appliesRolledVersionBitsUnderTheMask() {
        // Bitaxe BM1370 (sv2-apps #382): job version 20000000, bits 01660000 -> header version 21660000
        Job job = TestJobs.job(0x207fffffL, 2);
        long nonce = 0;
        Verdict v;
        do {
            v = new ShareValidator().validate(TestJobs.freshCopy(job), EXTRANONCE1,
                    new Submission("00000000", String.format("%08x", NTIME), String.format("%08x", nonce++), "01660000"),
                    Target.MAX, MASK);
        } while (v.result() != Result.BLOCK);
        assertEquals("00006621", Hex.encode(v.header(), 0, 4));
    }

    @Test
    void rejectsVersionBitsOutsideTheGrantedMask() {
        Job job = TestJobs.job(HARD_BITS, 1);
        Submission s = new Submission("00000000", String.format("%08x", NTIME), "00000001", "20000000");
        assertEquals(Result.VERSION_BITS_OUTSIDE_MASK, validator.validate(job, EXTRANONCE1, s, Target.MAX, MASK).result());
        Submission none = new Submission("00000000", String.format("%08x", NTIME), "00000001", "00002000");
        assertEquals(Result.VERSION_BITS_OUTSIDE_MASK, validator.validate(job, EXTRANONCE1, none, Target.MAX, 0).result());
    }

    @ParameterizedTest
    @CsvSource({"-1, NTIME_OUT_OF_RANGE", "0, ACCEPTED", "7000, ACCEPTED", "7001, NTIME_OUT_OF_RANGE"})
    void ntimeMustLieWithinTheJobsRollWindow(long offset, Result expected) {
        Job job = TestJobs.job(HARD_BITS, 1);
        Submission s = new Submission("00000000", String.format("%08x", NTIME + offset), "00000001", null);
        assertEquals(expected, validator.validate(job, EXTRANONCE1, s, Target.MAX, 0).result());
    }

    @Test
    void ntimeBelowTheTemplatesMintimeIsOutOfRange() {
        Job base = TestJobs.job(HARD_BITS, 1);
        BlockTemplate t = base.template();
        BlockTemplate later = new BlockTemplate(t.height(), t.version(), t.prevHash(), t.nBits(), NTIME - 100, NTIME + 5,
                t.coinbaseValue(), t.transactions(), t.witnessCommitmentScript(), null);
        Job job = Job.of("2", later, base.coinbase());
        assertEquals(NTIME + 5, job.nTime());
        Submission early = new Submission("00000000", String.format("%08x", NTIME + 4), "00000001", null);
        assertEquals(Result.NTIME_OUT_OF_RANGE, validator.validate(job, EXTRANONCE1, early, Target.MAX, 0).result());
    }

    @ParameterizedTest
    @CsvSource({"000000, BAD_EXTRANONCE2_LENGTH", "0000000000, BAD_EXTRANONCE2_LENGTH", "0000000g, MALFORMED",
            "00000, MALFORMED"})
    void rejectsExtranonce2OfTheWrongSizeOrForm(String en2, Result expected) {
        Job job = TestJobs.job(HARD_BITS, 1);
        assertEquals(expected, validator.validate(job, EXTRANONCE1, submission(en2, 1), Target.MAX, 0).result());
    }

    @Test
    void rejectsMalformedNtimeNonceAndVersionBits() {
        Job job = TestJobs.job(HARD_BITS, 1);
        String ntime = String.format("%08x", NTIME);
        for (Submission s : List.of(new Submission("00000000", "6553f10", "00000001", null),
                new Submission("00000000", ntime, "0000001", null),
                new Submission("00000000", ntime, "0000000x", null),
                new Submission("00000000", null, "00000001", null),
                new Submission("00000000", ntime, "00000001", "zz000000"),
                new Submission(null, ntime, "00000001", null))) {
            assertEquals(Result.MALFORMED, validator.validate(job, EXTRANONCE1, s, Target.MAX, MASK).result(), s.toString());
        }
    }

    @Test
    void differentExtranonce1GivesADifferentHeader() {
        Job job = TestJobs.job(HARD_BITS, 4);
        Verdict a = validator.validate(job, EXTRANONCE1, submission("00000000", 1), Target.MAX, 0);
        Verdict b = validator.validate(job, Hex.decode("a1b2c3d5"), submission("00000000", 1), Target.MAX, 0);
        assertEquals(Result.ACCEPTED, b.result());
        assertNotEquals(Hex.encode(a.hash()), Hex.encode(b.hash()));
    }
}
