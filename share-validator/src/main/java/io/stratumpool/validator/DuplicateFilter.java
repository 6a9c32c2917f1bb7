package io.stratumpool.validator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Remembers the header hashes of a job's accepted shares, to reject a resubmitted header. Keys are
 * the low 128 bits of the header hash (the part that is random even for hard shares), so the whole
 * header counts, version bits included. Lock-striped open addressing: no allocation per share.
 */
public final class DuplicateFilter {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int STRIPES = 16;

    private final Stripe[] stripes = new Stripe[STRIPES];

    public DuplicateFilter() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Records the hash; false when it was already recorded (a duplicate). */
    public boolean add(byte[] headerHash, int offset) {
        long lo = (long) LONG_LE.get(headerHash, offset);
        long hi = (long) LONG_LE.get(headerHash, offset + 8);
        Stripe stripe = stripes[(int) (lo >>> 60) & (STRIPES - 1)];
        synchronized (stripe) {
            return stripe.add(lo, hi);
        }
    }

    public int size() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.size;
            }
        }
        return n;
    }

    private static final class Stripe {
        // Pairs (lo, hi); (0, 0) marks an empty slot, so a real (0, 0) key is stored as (0, 1).
        private long[] slots = new long[2 * 64];
        private int size;

        boolean add(long lo, long hi) {
            if (lo == 0 && hi == 0) {
                hi = 1;
            }
            if ((size + 1) * 4 > (slots.length / 2) * 3) { // keep the load factor under 3/4
                grow();
            }
            if (!insert(slots, lo, hi)) {
                return false;
            }
            size++;
            return true;
        }

        private static boolean insert(long[] table, long lo, long hi) {
            int mask = table.length / 2 - 1;
            int i = (int) (lo ^ (lo >>> 32) ^ hi) & mask;
            while (true) {
                long slotLo = table[2 * i];
                long slotHi = table[2 * i + 1];
                if (slotLo == 0 && slotHi == 0) {
                    table[2 * i] = lo;
                    table[2 * i + 1] = hi;
                    return true;
                }
                if (slotLo == lo && slotHi == hi) {
                    return false;
                }
                i = (i + 1) & mask;
            }
        }

        private void grow() {
            long[] bigger = new long[slots.length * 2];
            for (int i = 0; i < slots.length; i += 2) {
                if (slots[i] != 0 || slots[i + 1] != 0) {
                    insert(bigger, slots[i], slots[i + 1]);
                }
            }
            slots = bigger;
        }
    }
}
