package io.stratumpool.pool.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports for test servers. */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** Any free port the OS picks (from the ephemeral range): fine for a server that never restarts. */
    public static int any() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * A free port below the kernel's ephemeral range, for a server a test kills and restarts on the
     * same port: while it is down, an ephemeral port can become the local end of any outgoing
     * connection on the machine, and the restart then fails with "Address already in use".
     */
    public static int restartable() throws IOException {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, below);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // someone listens there: try another
            }
        }
        throw new IOException("no free loopback port in 10000.." + below);
    }

    /**
     * Linux's net.ipv4.ip_local_port_range lower bound. Read line by line: Files.readString sizes its
     * buffer from the file's reported size, which procfs gives wrongly, and returns a truncated text.
     */
    static int ephemeralRangeStart() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            return Math.max(11_000, Integer.parseInt(lines.get(0).trim().split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }
}
