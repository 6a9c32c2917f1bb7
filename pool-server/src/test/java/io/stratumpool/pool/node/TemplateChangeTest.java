package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hash256;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What counts as new work: the tip, the transactions, the reward; never the timestamps alone. */
class TemplateChangeTest {
    private static final Hash256 TIP = Hash256.of(new byte[] {1});

    private static BlockTemplate template(Hash256 prev, long curTime, long coinbaseValue) {
        return new BlockTemplate(101, 0x20000000, prev, 0x207fffffL, curTime, curTime - 600, coinbaseValue, List.of(),
                null, null);
    }

    @Test
    void aNewerTimestampAloneIsTheSameWork() {
        assertTrue(TemplateChange.sameWork(template(TIP, 1_700_000_000, 50), template(TIP, 1_700_000_030, 50)));
    }

    @Test
    void anotherTipOrRewardIsNewWork() {
        assertFalse(TemplateChange.sameWork(template(TIP, 1, 50), template(Hash256.of(new byte[] {2}), 1, 50)));
        assertFalse(TemplateChange.sameWork(template(TIP, 1, 50), template(TIP, 1, 51)));
    }
}
