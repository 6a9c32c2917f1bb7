package io.stratumpool.pool.stratum;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' line for every connection the pool itself closes or refuses: one INFO line on the
 * {@code event.client-disconnected} logger with the session, the miner's address and the reason
 * (the same reason names as the metrics), so a miner who asks "why was I dropped" has an answer.
 * Disconnects by the miner stay quiet.
 */
public final class DisconnectEvents {
    private static final Logger EVENTS = LoggerFactory.getLogger("event.client-disconnected");
    /** The session id (extranonce1 hex) of a channel, set by the session once it has one. */
    public static final AttributeKey<String> SESSION_ID = AttributeKey.valueOf("stratum.session-id");

    private DisconnectEvents() {
    }

    /**
     * @param reason a short metric-style name ({@code request_rate}, {@code idle}, …)
     * @param detail a few words for people
     */
    public static void closing(Channel channel, String reason, String detail) {
        String session = channel.attr(SESSION_ID).get();
        EVENTS.info("session {} {} -> {}: disconnected by the pool ({}): {}", session == null ? "-" : session,
                channel.localAddress(), remote(channel), reason, detail);
    }

    /** The miner's address: the one a PROXY header gave, with the balancer's socket beside it. */
    private static Object remote(Channel channel) {
        InetSocketAddress client = ClientAddress.of(channel);
        return client == null || client.equals(channel.remoteAddress()) ? channel.remoteAddress()
                : client + " via " + channel.remoteAddress();
    }
}
