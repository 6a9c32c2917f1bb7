package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.IntNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Lines laid out as the firmware prints them. */
class JsonLinesTest {
    @Test
    void spacedStyleMatchesEspMiner() {
        String line = JsonLines.request(JsonLines.Style.SPACED, IntNode.valueOf(1), "mining.configure",
                JsonLines.arrayOf(JsonLines.arrayOf("version-rolling"), JsonLines.object().put("version-rolling.mask", "ffffffff")));
        assertEquals("{\"id\": 1, \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], "
                + "{\"version-rolling.mask\": \"ffffffff\"}]}", line);
    }

    @Test
    void compactStyleMatchesNerdMiner() {
        String line = JsonLines.request(JsonLines.Style.COMPACT, IntNode.valueOf(3), "mining.suggest_difficulty",
                JsonLines.arrayOf(new BigDecimal("0.00015")));
        assertEquals("{\"id\":3,\"method\":\"mining.suggest_difficulty\",\"params\":[0.00015]}", line);
    }

    @Test
    void doublesAreWrittenPlain() {
        assertEquals("[0.0000001,1000,0.5]", JsonLines.write(JsonLines.Style.COMPACT, JsonLines.arrayOf(1e-7, 1000.0, 0.5)));
    }

    @Test
    void rejectsLinesThatAreNotObjects() {
        assertThrows(IllegalArgumentException.class, () -> JsonLines.parse("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> JsonLines.parse("{\"id\":"));
    }
}
