package io.stratumpool.pool.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratumpool.validator.Hex;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtranonceAllocatorTest {

    @Test
    void valuesAreUniqueAndCarryTheNodePrefix() {
        ExtranonceAllocator a = new ExtranonceAllocator(4, 0x2a, 123);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            String hex = Hex.encode(a.allocate(null));
            assertEquals("2a", hex.substring(0, 2));
            assertEquals(true, seen.add(hex), hex);
        }
        assertEquals(50_000, a.liveCount());
    }

    @Test
    void resumedSessionGetsItsValueBackWhenFree() {
        ExtranonceAllocator a = new ExtranonceAllocator(4, 1, 0);
        byte[] first = a.allocate(null);
        String id = Hex.encode(first);
        assertNotEquals(id, Hex.encode(a.allocate(id)), "in use: a fresh value");
        a.release(first);
        assertEquals(id, Hex.encode(a.allocate(id)));
    }

    @Test
    void foreignSessionIdsGetAFreshValue() {
        ExtranonceAllocator a = new ExtranonceAllocator(4, 1, 0);
        assertEquals(8, Hex.encode(a.allocate("ae6812eb4cd7735a302a8a9dd95cf71f")).length());
        assertNotEquals("02000005", Hex.encode(a.allocate("02000005")), "another node's prefix");
    }

    @Test
    void wrapsAroundAndSkipsLiveValues() {
        ExtranonceAllocator a = new ExtranonceAllocator(2, 0, 250);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            seen.add(Hex.encode(a.allocate(null)));
        }
        assertEquals(256, seen.size());
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> a.allocate(null));
        assertEquals(true, full.getMessage().contains("exhausted"));
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ExtranonceAllocator(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExtranonceAllocator(4, 256, 0));
    }
}
