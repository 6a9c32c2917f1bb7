package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The harness fails loudly, never skips, when Node.js or npm is missing. */
class BcoinNodeTest {
    @Test
    void aMissingToolFailsWithAnExplanation() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BcoinNode.requireTool("stratumpool-no-such-node-binary"));

        assertTrue(e.getMessage().contains("need Node.js and npm"), e.getMessage());
        assertTrue(e.getMessage().contains("not found on the PATH"), e.getMessage());
    }
}
