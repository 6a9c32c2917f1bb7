package io.stratumpool.pool.node;

import io.stratumpool.validator.Hash256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * Subscribes to Bitcoin Core's ZMQ {@code hashblock} topic ({@code zmqpubhashblock=tcp://…}).
 * Each message has three frames: the topic, the 32-byte block hash in display (RPC) byte order,
 * and a 4-byte little-endian sequence number that reveals missed messages. Runs its own thread;
 * ZMQ reconnects by itself when the node restarts.
 */
final class ZmqHashBlockSubscriber implements AutoCloseable {
    static final byte[] TOPIC = "hashblock".getBytes(StandardCharsets.US_ASCII);
    private static final Logger log = LoggerFactory.getLogger(ZmqHashBlockSubscriber.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 200;
    private static final int HANDSHAKE_MILLIS = 1_000;
    private static final int HEARTBEAT_MILLIS = 5_000;

    private final String endpoint;
    private final Consumer<Hash256> onHashBlock;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastSequence = -1;

    ZmqHashBlockSubscriber(String endpoint, Consumer<Hash256> onHashBlock) {
        this.endpoint = endpoint;
        this.onHashBlock = onHashBlock;
        this.thread = new Thread(this::run, "node-zmq-" + endpoint);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The block hash of a {@code hashblock} message, or null when the frames are not one. */
    static Hash256 parse(byte[] topic, byte[] body) {
        if (!Arrays.equals(topic, TOPIC) || body == null || body.length != 32) {
            return null;
        }
        return Hash256.wrapReversed(body);
    }

    /** The sequence number frame (uint32 little-endian), or -1 when absent or malformed. */
    static long sequence(byte[] frame) {
        if (frame == null || frame.length != 4) {
            return -1;
        }
        return (frame[0] & 0xffL) | (frame[1] & 0xffL) << 8 | (frame[2] & 0xffL) << 16 | (frame[3] & 0xffL) << 24;
    }

    private void run() {
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket socket = context.createSocket(SocketType.SUB);
            socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
            socket.setReconnectIVL(100);
            socket.setReconnectIVLMax(5_000);
            // Now and then (about 1 in 40 connects on loopback here) the ZMTP handshake stalls and
            // ZMQ waits out its default 30 s handshake limit before reconnecting: cap it at 1 s.
            socket.setHandshakeIvl(HANDSHAKE_MILLIS);
            // Heartbeats notice a publisher that vanished without closing the TCP connection.
            socket.setHeartbeatIvl(HEARTBEAT_MILLIS);
            socket.setHeartbeatTimeout(3 * HEARTBEAT_MILLIS);
            socket.subscribe(TOPIC);
            socket.connect(endpoint);
            log.info("subscribed to hashblock at {}", endpoint);
            while (running) {
                ZMsg message = ZMsg.recvMsg(socket);
                if (message != null) {
                    handle(message);
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            if (running) {
                log.error("ZMQ subscriber for {} stopped: {}", endpoint, e.toString());
            }
        }
    }

    private void handle(ZMsg message) {
        byte[][] frames = message.stream().map(f -> f.getData()).toArray(byte[][]::new);
        Hash256 hash = frames.length >= 2 ? parse(frames[0], frames[1]) : null;
        if (hash == null) {
            log.debug("ignored a ZMQ message of {} frames that is not hashblock", frames.length);
            return;
        }
        long sequence = frames.length >= 3 ? sequence(frames[2]) : -1;
        if (lastSequence >= 0 && sequence >= 0 && sequence != ((lastSequence + 1) & 0xffffffffL)) {
            log.info("ZMQ hashblock sequence jumped from {} to {}: notifications were missed", lastSequence, sequence);
        }
        lastSequence = sequence;
        try {
            onHashBlock.accept(hash);
        } catch (RuntimeException e) {
            log.error("hashblock handler failed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
