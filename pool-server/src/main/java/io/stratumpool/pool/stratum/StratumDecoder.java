package io.stratumpool.pool.stratum;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames lines (at most {@code maxLineLength} bytes, failing fast with
 * {@link io.netty.handler.codec.TooLongFrameException} before an over-long line ends) and decodes
 * each into a {@link StratumRequest} with Jackson's streaming parser (no tree for the common
 * messages), in one handler: one pipeline context per connection instead of two. Blank lines are
 * ignored; anything that is not a JSON object with a string {@code method} or a response shape
 * fails the channel with {@link CorruptedFrameException}. One per connection (it holds the partial
 * line).
 */
public final class StratumDecoder extends LineBasedFrameDecoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper(JSON);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8192]);

    public StratumDecoder(int maxLineLength) {
        super(maxLineLength, true, true);
    }

    /** The next line's request; null when no whole line is buffered or the line is blank. */
    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        ByteBuf line = (ByteBuf) super.decode(ctx, buffer);
        if (line == null) {
            return null;
        }
        try {
            return decodeLine(line);
        } finally {
            line.release();
        }
    }

    private static StratumRequest decodeLine(ByteBuf line) {
        int length = line.readableBytes();
        if (isBlank(line)) {
            return null;
        }
        byte[] bytes;
        int offset;
        if (line.hasArray()) {
            bytes = line.array();
            offset = line.arrayOffset() + line.readerIndex();
        } else {
            bytes = scratch(length);
            line.getBytes(line.readerIndex(), bytes, 0, length);
            offset = 0;
        }
        return parse(bytes, offset, length);
    }

    /** Parses one line; throws {@link CorruptedFrameException} naming the problem. */
    public static StratumRequest parse(byte[] bytes, int offset, int length) {
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptedFrameException("not a JSON object");
            }
            StratumRequest request = readObject(p);
            if (p.nextToken() != null) {
                throw new CorruptedFrameException("trailing data after the JSON object");
            }
            return request;
        } catch (IOException e) {
            throw new CorruptedFrameException("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static StratumRequest readObject(JsonParser p) throws IOException {
        String id = StratumRequest.NULL_ID;
        String method = null;
        List<Object> params = List.of();
        boolean response = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = readId(p, value);
                case "method" -> method = readMethod(p, value);
                case "params" -> params = readParams(p, value);
                case "result", "error" -> {
                    response = true;
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        if (method == null && !response) {
            throw new CorruptedFrameException("no method");
        }
        return new StratumRequest(id, method, params);
    }

    private static String readId(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NUMBER_INT -> p.getText();
            case VALUE_STRING -> StratumMessages.quote(p.getText()); // kept as JSON: echoed in the reply
            case VALUE_NULL -> StratumRequest.NULL_ID;
            default -> throw new CorruptedFrameException("id must be a number, a string or null");
        };
    }

    private static String readMethod(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new CorruptedFrameException("method must be a string");
        }
        return p.getText();
    }

    private static List<Object> readParams(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (value == JsonToken.START_OBJECT) {
            // Some miners send params as an object; keep it whole as the only parameter.
            return List.of(TREES.readTree(p));
        }
        if (value != JsonToken.START_ARRAY) {
            throw new CorruptedFrameException("params must be an array");
        }
        List<Object> params = new ArrayList<>(6);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            params.add(readValue(p, t));
        }
        return params;
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> TREES.readTree(p);
        };
    }

    private static boolean isBlank(ByteBuf line) {
        for (int i = line.readerIndex(); i < line.writerIndex(); i++) {
            byte b = line.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static byte[] scratch(int length) {
        byte[] buf = SCRATCH.get();
        if (buf.length < length) {
            buf = new byte[length];
            SCRATCH.set(buf);
        }
        return buf;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unparseable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
