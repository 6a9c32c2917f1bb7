package io.stratumpool.pool.stratum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StratumDecoderTest {
    private static final String SUBMIT =
            "{\"id\": 5, \"method\": \"mining.submit\", \"params\": [\"bc1qwlmnvq9lexszlc2tmm2hgqrv8kwn8xsz6q5ktk\", "
                    + "\"69b4f8c10000a30a\", \"0500000000000000\", \"69c731f9\", \"12530472\", \"01660000\"]}";

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new StratumDecoder(8192));
    }

    @Test
    void decodesASubmitFedByteByByte() {
        EmbeddedChannel ch = channel();
        byte[] bytes = (SUBMIT + "\n").getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        StratumRequest r = ch.readInbound();
        assertEquals("5", r.id());
        assertEquals("mining.submit", r.method());
        assertEquals(List.of("bc1qwlmnvq9lexszlc2tmm2hgqrv8kwn8xsz6q5ktk", "69b4f8c10000a30a", "0500000000000000",
                "69c731f9", "12530472", "01660000"), r.params());
        assertNull(ch.readInbound());
    }

    @Test
    void decodesSeveralLinesArrivingInArbitraryFragmentsWithCrlf() {
        EmbeddedChannel ch = channel();
        String text = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"bmminer/2.0.0\",\"ae6812eb4cd7735a302a8a9dd95cf71f\"]}\r\n"
                + "\n{\"id\":\"a\",\"method\":\"mining.authorize\",\"params\":[\"u.w\",\"x\"]}\n" + SUBMIT + "\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] cuts = {3, 17, 60, 61, 120, 121, 122, bytes.length};
        int from = 0;
        for (int cut : cuts) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, cut - from));
            from = cut;
        }
        StratumRequest subscribe = ch.readInbound();
        StratumRequest authorize = ch.readInbound();
        StratumRequest submit = ch.readInbound();
        assertEquals("mining.subscribe", subscribe.method());
        assertEquals("ae6812eb4cd7735a302a8a9dd95cf71f", subscribe.stringParam(1));
        assertEquals("\"a\"", authorize.id());
        assertEquals("01660000", submit.stringParam(5));
        assertNull(ch.readInbound());
    }

    @Test
    void keepsIdTypesAndNestedConfigureParams() {
        StratumRequest r = parse("{\"id\": 196, \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], "
                + "{\"version-rolling.mask\": \"1fffe000\", \"version-rolling.bit-count\": 2}]}");
        assertEquals("196", r.id());
        JsonNode names = (JsonNode) r.params().get(0);
        JsonNode options = (JsonNode) r.params().get(1);
        assertEquals("version-rolling", names.get(0).asText());
        assertEquals(2, options.get("version-rolling.bit-count").asInt());
        assertEquals("null", parse("{\"id\":null,\"method\":\"mining.ping\"}").id());
        assertEquals("\"q\\\"uote\"", parse("{\"id\":\"q\\\"uote\",\"method\":\"m\",\"params\":[]}").id());
    }

    @Test
    void fractionalAndIntegerSuggestionsAreNumbers() {
        assertEquals(0.00015, parse("{\"id\":3,\"method\":\"mining.suggest_difficulty\",\"params\":[0.00015]}").numberParam(0));
        assertEquals(1000.0, parse("{\"id\":4,\"method\":\"mining.suggest_difficulty\",\"params\":[1000]}").numberParam(0));
        assertTrue(Double.isNaN(parse("{\"id\":4,\"method\":\"m\",\"params\":[true]}").numberParam(0)));
    }

    @Test
    void aReplyFromTheMinerIsAResponseNotARequest() {
        StratumRequest r = parse("{\"id\":7,\"result\":\"cgminer/4.11.1\",\"error\":null}");
        assertTrue(r.isResponse());
        assertFalse(parse(SUBMIT).isResponse());
    }

    @Test
    void rejectsInvalidJsonNonObjectsAndMissingMethod() {
        for (String bad : List.of("{\"id\":1,\"method\":", "[1,2,3]", "{\"id\":1}", "{\"id\":[1],\"method\":\"m\"}",
                "{\"id\":1,\"method\":5}", "{\"id\":1,\"method\":\"m\",\"params\":5}", "{\"id\":1,\"method\":\"m\"} x", "hello")) {
            assertThrows(CorruptedFrameException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void invalidJsonFailsTheChannelPipeline() {
        EmbeddedChannel ch = channel();
        DecoderException e = assertThrows(DecoderException.class,
                () -> ch.writeInbound(Unpooled.copiedBuffer("{not json}\n", StandardCharsets.UTF_8)));
        assertTrue(e.getCause() instanceof CorruptedFrameException || e instanceof CorruptedFrameException);
    }

    @Test
    void overLongLineFailsFastBeforeItsEnd() {
        EmbeddedChannel ch = new EmbeddedChannel(new StratumDecoder(64));
        assertThrows(TooLongFrameException.class,
                () -> ch.writeInbound(Unpooled.copiedBuffer("x".repeat(100), StandardCharsets.UTF_8)));
    }

    @Test
    void blankLinesAreIgnored() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer("\n  \r\n\t\n", StandardCharsets.UTF_8));
        assertNull(ch.readInbound());
    }

    private static StratumRequest parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return StratumDecoder.parse(b, 0, b.length);
    }
}
