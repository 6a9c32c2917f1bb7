package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * The requests a firmware profile's handshake script sends. Each returns the pool's reply; a reply
 * that breaks the profile's rules fails the miner and completes the future exceptionally, so the
 * rest of the script never runs.
 */
interface HandshakeSteps {
    /** {@code mining.configure [["version-rolling"], {"version-rolling.mask": mask}]}. */
    CompletableFuture<JsonNode> configure(String mask);

    /** As {@link #configure(String)} with {@code "version-rolling.bit-count"} first, as Braiins OS sends it. */
    CompletableFuture<JsonNode> configure(int bitCount, String mask);

    /** {@code mining.subscribe [userAgent]} or {@code [userAgent, sessionId]} for profiles with one. */
    CompletableFuture<JsonNode> subscribe();

    CompletableFuture<JsonNode> authorize();

    /** {@code mining.suggest_difficulty [d]} with the profile's value or the miner's override. */
    CompletableFuture<JsonNode> suggestDifficulty();

    CompletableFuture<JsonNode> extranonceSubscribe();

    /** Stock Antminer S9: {@code mining.multi_version [n]}. */
    CompletableFuture<JsonNode> multiVersion(int versions);

    /** Re-sends the difficulty suggestion periodically as a keep-alive (NerdMiner). */
    void keepSuggesting();
}
