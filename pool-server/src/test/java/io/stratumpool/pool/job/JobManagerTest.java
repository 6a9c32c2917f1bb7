package io.stratumpool.pool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratumpool.pool.testing.ScriptedTemplateSource;
import io.stratumpool.validator.Hex;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class JobManagerTest {

    @Test
    void extranonce2SizeIsTheConfiguredOneEvenBeforeTheFirstTemplate() {
        JobManager jobs = new JobManager(new JobFactory("/t/", 4, 6), PayoutRouting.pool(Hex.decode("0014" + "ab".repeat(20))),
                new ScriptedTemplateSource(), (generation, clean) -> { }, Clock.systemUTC());
        assertNull(jobs.current());
        assertEquals(6, jobs.extranonce2Size(), "a miner subscribing before the first template is told the real size");
    }
}
