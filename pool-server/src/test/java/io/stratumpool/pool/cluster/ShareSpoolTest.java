package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.LedgerRejectedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareSpoolTest {
    @TempDir
    Path dir;

    private static byte[] record(int i) {
        return ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void appendAll(ShareSpool spool, int from, int to) throws Exception {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            acks.add(spool.append(record(i)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void recordsComeBackInOrderAfterReopenAndDrainedOnesDoNot() throws Exception {
        try (var spool = new ShareSpool(dir, 1 << 20)) {
            appendAll(spool, 0, 100);
            List<byte[]> first = spool.peek(30);
            assertEquals(30, first.size());
            spool.advance(first);
        }
        try (var reopened = new ShareSpool(dir, 1 << 20)) {
            List<byte[]> rest = reopened.peek(1_000);
            assertEquals(70, rest.size());
            for (int i = 0; i < 70; i++) {
                assertArrayEquals(record(30 + i), rest.get(i));
            }
            assertFalse(reopened.isDrained());
            reopened.advance(rest);
            assertTrue(reopened.isDrained());
            reopened.compactIfDrained();
            assertEquals(0, Files.size(dir.resolve("shares.spool")));
        }
    }

    @Test
    void tornTailFromACrashMidWriteIsCutOff() throws Exception {
        try (var spool = new ShareSpool(dir, 1 << 20)) {
            appendAll(spool, 0, 5);
        }
        Files.write(dir.resolve("shares.spool"), new byte[] {0, 0, 0, 50, '{', '"'}, StandardOpenOption.APPEND);
        try (var reopened = new ShareSpool(dir, 1 << 20)) {
            assertEquals(5, reopened.peek(100).size());
            appendAll(reopened, 5, 6);
            List<byte[]> all = reopened.peek(100);
            assertEquals(6, all.size());
            assertArrayEquals(record(5), all.get(5));
        }
    }

    @Test
    void fullSpoolRefusesAndCountsInsteadOfDropping() throws Exception {
        try (var spool = new ShareSpool(dir, 100)) {
            appendAll(spool, 0, 6); // record(i < 10) is 7 bytes of JSON + 8 of framing: 90 of 100 bytes
            CompletableFuture<Void> refused = spool.append(record(6));
            ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
            var rejected = assertInstanceOf(LedgerRejectedException.class, e.getCause());
            assertEquals(LedgerRejectedException.Reason.QUEUE_FULL, rejected.reason());
            assertEquals(1, spool.rejectedFull());
            assertEquals(6, spool.peek(100).size(), "the refused record is not in the spool");
            spool.advance(spool.peek(1));
            appendAll(spool, 7, 8); // room again after a drain
        }
    }
}
