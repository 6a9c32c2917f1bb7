package io.stratumpool.pool.node;

import io.stratumpool.validator.Hex;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Plays Bitcoin Core's {@code zmqpubhashblock} for bcoin, which has no ZMQ publisher: a PUB socket
 * on loopback sends Core's hashblock frames (topic, hash in display order, 4-byte little-endian
 * sequence), as the other ZMQ tests do, here for every new tip of the node, which it watches with
 * {@code getbestblockhash} every {@link #WATCH_MILLIS} ms on a thread of its own.
 */
final class ZmqTipPublisher implements AutoCloseable {
    static final long WATCH_MILLIS = 20;

    private final BcoinNode node;
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket publisher;
    private final String endpoint;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long published;
    private int sequence;

    ZmqTipPublisher(BcoinNode node) throws Exception {
        this.node = node;
        this.endpoint = "tcp://127.0.0.1:" + BcoinNode.freePort();
        this.publisher = context.createSocket(SocketType.PUB);
        publisher.bind(endpoint);
        this.thread = new Thread(this::run, "zmq-tip-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    String endpoint() {
        return endpoint;
    }

    long published() {
        return published;
    }

    private void run() {
        String last = null;
        long lastRepeat = 0;
        while (running) {
            try {
                String tip = node.getBestBlockHash();
                // New tips at once; the current one again each second, for ZMQ's slow-joining subscriber.
                if (!tip.equals(last) || System.nanoTime() - lastRepeat > 1_000_000_000L) {
                    publish(tip);
                    last = tip;
                    lastRepeat = System.nanoTime();
                }
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the node is busy or stopping: try again at the next tick
            }
        }
    }

    private void publish(String hashHex) {
        int seq = sequence++;
        publisher.sendMore("hashblock");
        publisher.sendMore(Hex.decode(hashHex)); // Core sends the hash in display order
        publisher.send(new byte[] {(byte) seq, (byte) (seq >>> 8), (byte) (seq >>> 16), (byte) (seq >>> 24)});
        published++;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2_000);
        context.close();
    }
}
