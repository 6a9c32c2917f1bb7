package io.stratumpool.pool.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Share and block events as JSON bytes: what the producer writes, the spool keeps and the consumer
 * reads. A block event is told apart by its {@code blockHash} field.
 */
final class ShareEventCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    private ShareEventCodec() {
    }

    static byte[] encode(ShareEvent event) {
        return write(event, event.id());
    }

    static byte[] encode(BlockEvent event) {
        return write(event, "block " + event.blockHash());
    }

    private static byte[] write(Object event, String what) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding event " + what, e);
        }
    }

    /** Parses one event; an undecodable record is an {@link IOException} the caller must decide about. */
    static ShareEvent decode(byte[] json) throws IOException {
        return JSON.readValue(json, ShareEvent.class);
    }

    /** Parses one block event (the reason may be null: only the node's rejection has one). */
    static BlockEvent decodeBlock(byte[] json) throws IOException {
        JsonNode tree = JSON.readTree(json);
        if (tree == null || !tree.has("blockHash")) {
            throw new IOException("not a block event");
        }
        return JSON.readerFor(BlockEvent.class).without(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .readValue(tree);
    }

    /** Whether a spooled record is a block event (else it is a share event). */
    static boolean isBlock(byte[] json) throws IOException {
        JsonNode tree = JSON.readTree(json);
        return tree != null && tree.has("blockHash");
    }
}
