package io.stratumpool.sim.v2;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.message.Sv2Messages;
import io.stratumpool.sv2.noise.Certificate;
import io.stratumpool.sv2.noise.EncryptedFrameReader;
import io.stratumpool.sv2.noise.NoiseException;
import io.stratumpool.sv2.noise.NoiseResponder;
import io.stratumpool.sv2.noise.NoiseSession;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One miner connection of {@link FakeV2Pool}: the responder handshake, then a reader thread that
 * decrypts and decodes every frame into a queue the test reads with {@link #expect}. An optional
 * responder answers messages as they arrive (shares, typically) so a test need not.
 */
public final class FakeV2Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Sv2Message> inbox = new LinkedBlockingQueue<>();
    private final List<Sv2Message> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile NoiseSession session;
    private volatile Function<Sv2Message, List<Sv2Message>> responder;
    private volatile Exception readError;

    FakeV2Connection(Socket socket, EllSwiftKeyPair staticKey, Certificate certificate, SecureRandom random) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread reader = new Thread(() -> run(new NoiseResponder(staticKey, certificate, random)), "fake-v2-connection");
        reader.setDaemon(true);
        reader.start();
    }

    /** Answers each message the miner sends with the replies the function gives (before the test sees it). */
    void respondWith(Function<Sv2Message, List<Sv2Message>> f) {
        responder = f;
    }

    private void run(NoiseResponder noise) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] act1 = new byte[NoiseResponder.MESSAGE_1_LENGTH];
            in.readFully(act1);
            byte[] act2 = noise.respond(act1);
            synchronized (out) {
                out.write(act2);
                out.flush();
            }
            session = noise.session();
            EncryptedFrameReader frames = new EncryptedFrameReader(session, 1 << 20);
            while (true) {
                byte[] chunk = new byte[frames.bytesNeeded()];
                in.readFully(chunk);
                byte[] frame = frames.accept(chunk);
                if (frame != null) {
                    onMessage(Sv2Messages.decodeFrame(frame));
                }
            }
        } catch (EOFException e) {
            // the miner closed
        } catch (IOException | NoiseException | Sv2DecodeException e) {
            if (!socket.isClosed()) {
                readError = e;
            }
        } finally {
            closed.countDown();
        }
    }

    private void onMessage(Sv2Message m) throws IOException {
        received.add(m);
        Function<Sv2Message, List<Sv2Message>> f = responder;
        if (f != null) {
            for (Sv2Message reply : f.apply(m)) {
                send(reply);
            }
        }
        inbox.add(m);
    }

    void send(Sv2Message m) throws IOException {
        synchronized (out) {
            try {
                out.write(session.encryptFrame(Sv2Messages.frame(m)));
            } catch (NoiseException e) {
                throw new IOException(e);
            }
            out.flush();
        }
    }

    /** Writes bytes as they are, e.g. a frame that does not decrypt. */
    void sendRaw(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** The next message the miner sent, which must be of the given type. */
    <T extends Sv2Message> T expect(Class<T> type, Duration timeout) throws InterruptedException {
        Sv2Message m = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no " + type.getSimpleName() + " from the miner within " + timeout
                    + (readError == null ? "" : " (read error: " + readError + ")"));
        }
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", the miner sent " + m);
        }
        return type.cast(m);
    }

    /** Every message received so far, in order. */
    public List<Sv2Message> received() {
        return List.copyOf(received);
    }

    /** True once the miner closed the connection (or it failed), within the timeout. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
