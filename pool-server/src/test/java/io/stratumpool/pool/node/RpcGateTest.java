package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.node.RpcGate.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The per-node RPC bound: never more in flight than allowed, templates and submissions before bookkeeping. */
class RpcGateTest {
    private final List<String> started = new ArrayList<>();
    private final Map<String, CompletableFuture<String>> calls = new java.util.HashMap<>();

    private CompletableFuture<String> call(RpcGate gate, Priority priority, String name) {
        CompletableFuture<String> pending = new CompletableFuture<>();
        calls.put(name, pending);
        return gate.run(priority, () -> {
            started.add(name);
            return pending;
        });
    }

    @Test
    void neverMoreCallsInFlightThanTheBound() {
        RpcGate gate = new RpcGate(4);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(call(gate, Priority.SUBMIT, "s" + i));
        }
        assertEquals(4, started.size());
        assertEquals(6, gate.waiting());
        calls.get("s0").complete("done");
        assertEquals("done", results.get(0).join());
        assertEquals(5, started.size(), "a finished call frees exactly one slot");
        for (int i = 1; i < 10; i++) {
            calls.get("s" + i).complete("ok");
        }
        assertEquals(10, started.size());
        assertEquals(4, gate.maxSeenInFlight());
    }

    @Test
    void theNextTemplateGoesAheadOfWaitingBookkeeping() {
        RpcGate gate = new RpcGate(4);
        for (int i = 0; i < 6; i++) {
            call(gate, Priority.BOOKKEEPING, "b" + i);
        }
        assertEquals(List.of("b0", "b1"), started, "bookkeeping never takes the last two slots");
        call(gate, Priority.TEMPLATE, "template");
        call(gate, Priority.SUBMIT, "submit");
        assertEquals(List.of("b0", "b1", "template", "submit"), started, "started at once, past six waiting look-ups");
        call(gate, Priority.TEMPLATE, "template2");
        assertFalse(started.contains("template2"), "the bound holds for templates too");
        calls.get("b0").complete("x");
        assertEquals("template2", started.get(4), "a freed slot goes to the template, not to the bookkeeping queued before it");
        calls.get("template").complete("x");
        assertEquals("b2", started.get(5));
    }

    @Test
    void aFailedCallFreesItsSlotAndFailsItsFuture() {
        RpcGate gate = new RpcGate(1);
        CompletableFuture<String> first = call(gate, Priority.TEMPLATE, "t1");
        CompletableFuture<String> second = call(gate, Priority.TEMPLATE, "t2");
        calls.get("t1").completeExceptionally(new IllegalStateException("node said no"));
        assertTrue(first.isCompletedExceptionally());
        assertEquals(List.of("t1", "t2"), started);
        assertFalse(second.isDone());
    }

    @Test
    void longPollsBypassTheGateAndProposalsAreBookkeeping() {
        assertNull(RpcGate.priorityOf("getblocktemplate", new Object[] {Map.of("rules", List.of("segwit"), "longpollid", "x")}));
        assertEquals(Priority.TEMPLATE, RpcGate.priorityOf("getblocktemplate", new Object[] {Map.of("rules", List.of("segwit"))}));
        assertEquals(Priority.BOOKKEEPING, RpcGate.priorityOf("getblocktemplate", new Object[] {Map.of("mode", "proposal")}));
        assertEquals(Priority.SUBMIT, RpcGate.priorityOf("submitblock", new Object[] {"00"}));
        assertEquals(Priority.TIP, RpcGate.priorityOf("getbestblockhash", new Object[0]));
        assertEquals(Priority.BOOKKEEPING, RpcGate.priorityOf("getblockhash", new Object[] {5L}));
    }
}
