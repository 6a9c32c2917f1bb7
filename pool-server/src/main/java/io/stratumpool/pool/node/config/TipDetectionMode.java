package io.stratumpool.pool.node.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the pool learns that the node has a new best block. */
public enum TipDetectionMode {
    /** Bitcoin Core's ZMQ {@code hashblock} publisher ({@code zmqpubhashblock=}). Fastest. */
    ZMQ,
    /** BIP22 {@code getblocktemplate} long polling: the node answers when its template changes. */
    LONGPOLL,
    /** {@code getbestblockhash} every poll interval: works with every node. */
    POLL;

    /** Config files spell modes in lower case ({@code mode: zmq}); either case is accepted. */
    @JsonCreator
    public static TipDetectionMode of(String text) {
        for (TipDetectionMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("tip detection mode: \"" + text + "\" (expected: zmq, longpoll or poll)");
    }

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
