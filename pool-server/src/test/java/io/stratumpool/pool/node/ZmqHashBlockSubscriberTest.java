package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Bitcoin Core's hashblock frames read one by one, and the subscriber against a JeroMQ publisher speaking them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZmqHashBlockSubscriberTest {
    private static final String BLOCK = "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054";

    @Test
    void zmqHashBlockCarriesTheHashInDisplayOrder() {
        // Block 800000; Bitcoin Core publishes the 32 bytes as RPC shows them.
        String display = "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054";

        Hash256 hash = ZmqHashBlockSubscriber.parse(ZmqHashBlockSubscriber.TOPIC, Hex.decode(display));

        assertEquals(display, hash.toHexReversed());
    }

    @Test
    void zmqMessagesThatAreNotHashBlockAreIgnored() {
        assertNull(ZmqHashBlockSubscriber.parse("hashtx".getBytes(), new byte[32]));
        assertNull(ZmqHashBlockSubscriber.parse(ZmqHashBlockSubscriber.TOPIC, new byte[31]));
        assertNull(ZmqHashBlockSubscriber.parse(ZmqHashBlockSubscriber.TOPIC, null));
    }

    @Test
    void zmqSequenceIsLittleEndian() {
        assertEquals(0x04030201L, ZmqHashBlockSubscriber.sequence(new byte[] {1, 2, 3, 4}));
        assertEquals(0xffffffffL, ZmqHashBlockSubscriber.sequence(new byte[] {-1, -1, -1, -1}));
        assertEquals(-1, ZmqHashBlockSubscriber.sequence(new byte[3]));
    }

    @Test
    void deliversEachHashBlockAndSkipsOtherTopicsAndBrokenBodies() throws Exception {
        int port = BcoinNode.freePort();
        BlockingQueue<Hash256> received = new LinkedBlockingQueue<>();
        try (ZContext context = new ZContext(1);
                ZmqHashBlockSubscriber subscriber = new ZmqHashBlockSubscriber("tcp://127.0.0.1:" + port, received::add)) {
            ZMQ.Socket publisher = context.createSocket(SocketType.PUB);
            publisher.bind("tcp://127.0.0.1:" + port);
            subscriber.start();
            // Until the subscription has reached the publisher, messages are dropped: repeat the first.
            Hash256 first = null;
            for (int i = 0; i < 200 && first == null; i++) {
                publish(publisher, "hashblock", Hex.decode(BLOCK), 0);
                first = received.poll(50, TimeUnit.MILLISECONDS);
            }
            assertEquals(BLOCK, first.toHexReversed());
            received.clear();

            publish(publisher, "hashtx", new byte[32], 1);
            publish(publisher, "hashblock", new byte[31], 2);
            publish(publisher, "hashblock", Hex.decode("11".repeat(32)), 3);

            assertEquals("11".repeat(32), received.poll(5, TimeUnit.SECONDS).toHexReversed());
            assertNull(received.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    private static void publish(ZMQ.Socket publisher, String topic, byte[] body, int sequence) {
        publisher.sendMore(topic);
        publisher.sendMore(body);
        publisher.send(new byte[] {(byte) sequence, 0, 0, 0});
    }
}
