package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.validator.Hex;

/**
 * The result of {@code mining.subscribe}: {@code [[["mining.set_difficulty", sid], ["mining.notify",
 * sid]], extranonce1, extranonce2Size]}. The subscription id (from the notify entry) is what a
 * firmware sends back as its session id when it reconnects; null when the pool gave none.
 */
public record SubscribeResult(byte[] extranonce1, int extranonce2Size, String subscriptionId) {

    public static SubscribeResult parse(JsonNode result) {
        if (result == null || !result.isArray() || result.size() < 3) {
            throw new IllegalArgumentException("mining.subscribe: malformed result " + result
                    + " (expected: [subscriptions, extranonce1, extranonce2_size])");
        }
        String en1 = result.get(1).asText("");
        if (!result.get(1).isTextual() || !Hex.isHex(en1) || en1.length() > 2 * 96) { // bmminer pools send 18 bytes
            throw new IllegalArgumentException("mining.subscribe: bad extranonce1 " + result.get(1));
        }
        JsonNode size = result.get(2);
        if (!size.canConvertToInt() || size.asInt() < 1 || size.asInt() > 16) {
            throw new IllegalArgumentException("mining.subscribe: bad extranonce2 size " + size + " (expected: 1..16)");
        }
        return new SubscribeResult(Hex.decode(en1), size.asInt(), notifySubscriptionId(result.get(0)));
    }

    public String extranonce1Hex() {
        return Hex.encode(extranonce1);
    }

    // Accepts both the list-of-pairs form and the single pair some pools send.
    private static String notifySubscriptionId(JsonNode subscriptions) {
        if (subscriptions == null || !subscriptions.isArray()) {
            return null;
        }
        if (subscriptions.size() == 2 && subscriptions.get(0).isTextual()) {
            return subscriptions.get(1).asText(null);
        }
        for (JsonNode pair : subscriptions) {
            if (pair.isArray() && pair.size() >= 2 && "mining.notify".equals(pair.get(0).asText())) {
                return pair.get(1).asText(null);
            }
        }
        return null;
    }
}
