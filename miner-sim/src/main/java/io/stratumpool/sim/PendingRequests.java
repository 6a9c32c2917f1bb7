package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Requests waiting for their reply, keyed by the id's text so {@code 3642} matches a pool that
 * echoes {@code "3642"}. Several requests may share an id (cpuminer submits always use 4): replies
 * to one id are matched first in, first out. Event-loop confined.
 */
final class PendingRequests {
    /** One request in flight; {@code share} is set for shares made by the miner. */
    record Pending(JsonNode id, String method, ArrayNode params, Share share, Instant sent,
            CompletableFuture<JsonNode> reply) {
    }

    private final Map<String, ArrayDeque<Pending>> byId = new HashMap<>();
    private int size;

    static String key(JsonNode id) {
        return id == null || id.isNull() ? "null" : id.asText();
    }

    void add(Pending p) {
        byId.computeIfAbsent(key(p.id()), k -> new ArrayDeque<>()).addLast(p);
        size++;
    }

    /** Removes and returns the oldest request with this id, or null. */
    Pending take(JsonNode id) {
        ArrayDeque<Pending> queue = byId.get(key(id));
        if (queue == null) {
            return null;
        }
        Pending p = queue.pollFirst();
        if (queue.isEmpty()) {
            byId.remove(key(id));
        }
        size--;
        return p;
    }

    /** A handshake request (not a submit) still waiting, for timeout messages; null when none. */
    Pending firstHandshakeRequest() {
        return byId.values().stream().flatMap(ArrayDeque::stream)
                .filter(p -> !p.method().equals("mining.submit"))
                .findFirst().orElse(null);
    }

    int size() {
        return size;
    }

    /** Removes every request still waiting (the connection is gone) and returns them; the caller fails them. */
    List<Pending> takeAll() {
        List<Pending> all = new ArrayList<>(size);
        byId.values().forEach(all::addAll);
        byId.clear();
        size = 0;
        return all;
    }
}
