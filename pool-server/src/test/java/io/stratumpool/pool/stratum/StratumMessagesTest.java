package io.stratumpool.pool.stratum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StratumMessagesTest {

    @Test
    void successRepliesCarryErrorNull() {
        assertEquals("{\"id\":5,\"result\":true,\"error\":null}\n", StratumMessages.result("5", "true"));
        assertEquals("{\"id\":\"3642\",\"result\":true,\"error\":null}\n", StratumMessages.result("\"3642\"", "true"));
    }

    @Test
    void errorsUseTheArrayFormWithResultNull() {
        assertEquals("{\"id\":6,\"result\":null,\"error\":[23,\"Low difficulty share\",null]}\n",
                StratumMessages.error("6", StratumError.LOW_DIFFICULTY));
        assertEquals("[20,\"say \\\"no\\\"\",null]", StratumError.other("say \"no\"").toJson());
    }

    @Test
    void difficultiesArePlainNumbersWithoutExponents() {
        assertEquals("0.00015", StratumMessages.number(0.00015));
        assertEquals("1024", StratumMessages.number(1024.0));
        assertEquals("0.000000000465654237", StratumMessages.number(4.65654237e-10));
        assertEquals("1000000000000", StratumMessages.number(1e12));
        assertEquals("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.5]}\n", StratumMessages.setDifficulty(0.5));
    }

    @Test
    void notifyHasNineParamsInStratumOrder() {
        String line = StratumMessages.notify("1f", "aa", "c1", "c2", List.of("b1", "b2"), "20000000", "1d00ffff", "6553f100", true);
        assertEquals("{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"1f\",\"aa\",\"c1\",\"c2\",[\"b1\",\"b2\"],"
                + "\"20000000\",\"1d00ffff\",\"6553f100\",true]}\n", line);
        assertEquals("{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"1\",\"aa\",\"c1\",\"c2\",[],"
                + "\"20000000\",\"1d00ffff\",\"6553f100\",false]}\n",
                StratumMessages.notify("1", "aa", "c1", "c2", List.of(), "20000000", "1d00ffff", "6553f100", false));
    }

    @Test
    void reconnectCarriesHostAndPortForCpuminer() {
        assertEquals("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[\"10.0.0.1\",3333,5]}\n",
                StratumMessages.reconnect("10.0.0.1", 3333, 5));
    }
}
