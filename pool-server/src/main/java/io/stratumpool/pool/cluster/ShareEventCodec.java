package io.stratumpool.pool.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Share events as JSON bytes: what the producer writes, the spool keeps and the consumer reads. */
final class ShareEventCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    private ShareEventCodec() {
    }

    static byte[] encode(ShareEvent event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding share event " + event.id(), e);
        }
    }

    /** Parses one event; an undecodable record is an {@link IOException} the caller must decide about. */
    static ShareEvent decode(byte[] json) throws IOException {
        return JSON.readValue(json, ShareEvent.class);
    }
}
