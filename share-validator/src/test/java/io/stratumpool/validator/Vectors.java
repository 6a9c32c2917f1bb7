package io.stratumpool.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Bitcoin blocks of {@code shared/vectors/blocks.json} (copied into test resources), each
 * naming its source: testnet3 blocks from bitcoin/bitcoin's src/test/data/blockfilters.json and
 * mainnet headers (genesis, block 125552 from the Bitcoin wiki's block hashing example).
 */
final class Vectors {
    private static final JsonNode ROOT = load();

    private Vectors() {
    }

    static List<JsonNode> blocks() {
        List<JsonNode> out = new ArrayList<>();
        ROOT.get("blocks").forEach(out::add);
        return out;
    }

    static List<JsonNode> headers() {
        List<JsonNode> out = new ArrayList<>();
        ROOT.get("headers").forEach(out::add);
        return out;
    }

    static String difficulty1Target() {
        return ROOT.get("difficulty_1_target").asText();
    }

    static String name(JsonNode block) {
        return block.get("network").asText() + " " + block.get("height").asLong();
    }

    private static JsonNode load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/blocks.json")) {
            if (in == null) {
                throw new IllegalStateException("test resource /vectors/blocks.json missing");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
