package io.stratumpool.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {

    @Test
    void remembersEveryHashAcrossGrowth() {
        DuplicateFilter filter = new DuplicateFilter();
        Random random = new Random(3);
        Set<String> seen = new HashSet<>();
        byte[][] hashes = new byte[50_000][32];
        for (byte[] h : hashes) {
            random.nextBytes(h);
            assertTrue(filter.add(h, 0));
            seen.add(Hex.encode(h));
        }
        for (byte[] h : hashes) {
            assertFalse(filter.add(h, 0));
        }
        assertEquals(seen.size(), filter.size());
    }

    @Test
    void hashesDifferingOnlyInTheirHighBytesAreStillDistinctKeys() {
        DuplicateFilter filter = new DuplicateFilter();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[15] = 1;
        assertTrue(filter.add(a, 0));
        assertTrue(filter.add(b, 0));
        assertFalse(filter.add(a.clone(), 0));
    }
}
