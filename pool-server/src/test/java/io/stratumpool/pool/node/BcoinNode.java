package io.stratumpool.pool.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratumpool.pool.node.config.NodeEndpointConfig;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A real bcoin 1.0.2 node in regtest mode for integration tests, on loopback ports of its own.
 * bcoin comes from npm, installed once into {@code target/bcoin} (a file lock keeps parallel test
 * JVMs from installing twice); leveldown is pinned to 5.6.0 because bcoin's leveldown 4 does not
 * build on current Node.js. Without node/npm the test fails: it must never skip silently.
 */
public final class BcoinNode implements AutoCloseable {
    public static final String API_KEY = "stratumpool-it";
    static final String BCOIN_VERSION = "1.0.2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path INSTALL_DIR =
            Path.of(System.getProperty("basedir", "."), "target", "bcoin").toAbsolutePath().normalize();
    private static final Path BIN = INSTALL_DIR.resolve("node_modules/bcoin/bin/node");
    private static final Set<BcoinNode> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(BcoinNode::kill), "bcoin-reaper"));
    }

    private final String name;
    private final Path prefix;
    private final int httpPort;
    private final int p2pPort;
    /** The wallet server's port, or 0 when the node runs without a wallet. */
    private final int walletPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private BcoinNode(String name, Path prefix, int httpPort, int p2pPort, int walletPort) {
        this.name = name;
        this.prefix = prefix;
        this.httpPort = httpPort;
        this.p2pPort = p2pPort;
        this.walletPort = walletPort;
    }

    /** Installs bcoin if needed, starts a fresh regtest node and waits until its RPC answers. */
    /**
     * A node whose chain is already past height 16, paying {@code address}: below it the coinbase
     * height is OP_1..OP_16, which ESP-Miner (and so the fleets' Bitaxe and NerdQAxe profiles) cannot decode.
     */
    static BcoinNode startPastHeight16(String name, String address) throws Exception {
        BcoinNode node = start(name);
        node.generateToAddress(16, address);
        return node;
    }

    public static BcoinNode start(String name) throws IOException, InterruptedException {
        return start(name, false);
    }

    /** A node with bcoin's wallet plugin: its wallet server (RPC and REST) on a loopback port of its own. */
    public static BcoinNode startWithWallet(String name) throws IOException, InterruptedException {
        return start(name, true);
    }

    private static BcoinNode start(String name, boolean wallet) throws IOException, InterruptedException {
        ensureInstalled();
        Set<Integer> ports = new java.util.HashSet<>();
        while (ports.size() < 3) {
            ports.add(restartablePort());
        }
        List<Integer> p = new ArrayList<>(ports);
        BcoinNode node = new BcoinNode(name, Files.createTempDirectory("bcoin-" + name + "-"), p.get(0), p.get(1),
                wallet ? p.get(2) : 0);
        node.launch();
        return node;
    }

    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        requireTool("node");
        requireTool("npm");
        Files.createDirectories(INSTALL_DIR);
        try (FileChannel channel = FileChannel.open(INSTALL_DIR.resolve(".install.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            // Another test JVM may have installed while we waited for the lock: check again under it.
            assert lock.isValid();
            Path marker = INSTALL_DIR.resolve(".installed-" + BCOIN_VERSION);
            if (!Files.exists(marker) || !Files.exists(BIN)) {
                install();
                Files.writeString(marker, "bcoin " + BCOIN_VERSION + "\n");
            }
        }
        installed = true;
    }

    private static void install() throws IOException, InterruptedException {
        Files.writeString(INSTALL_DIR.resolve("package.json"), """
                {
                  "name": "stratumpool-bcoin-harness",
                  "private": true,
                  "description": "bcoin for the pool's integration tests (generated by BcoinNode)",
                  "dependencies": { "bcoin": "%s" },
                  "overrides": { "leveldown": "5.6.0" }
                }
                """.formatted(BCOIN_VERSION));
        Path log = INSTALL_DIR.resolve("npm-install.log");
        System.out.println("[bcoin] installing bcoin " + BCOIN_VERSION + " into " + INSTALL_DIR + " (log: " + log + ")");
        long started = System.nanoTime();
        run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=warn"), log, Duration.ofMinutes(10),
                "npm install of bcoin " + BCOIN_VERSION);
        // leveldown is native: prove it loads here, not at the first node start.
        run(List.of("node", "-e", "require('leveldown'); require('bcoin')"), INSTALL_DIR.resolve("npm-check.log"),
                Duration.ofMinutes(1), "loading the installed bcoin");
        System.out.printf("[bcoin] installed in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private static void run(List<String> command, Path log, Duration timeout, String what)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(INSTALL_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish in " + timeout + "; log: " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "):\n" + tail(log, 40));
        }
    }

    static void requireTool(String tool) {
        String problem;
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            problem = "`" + tool + " --version` failed: " + out;
        } catch (IOException | InterruptedException e) {
            problem = "`" + tool + "` not found on the PATH (" + e.getMessage() + ")";
        }
        throw new IllegalStateException("The bcoin integration tests need Node.js and npm: " + problem
                + ". Install them (Debian: apt-get install nodejs npm) and run the tests again.");
    }

    /**
     * Preloaded into every node: exits when its stdin (a pipe from this JVM) closes, so even a JVM
     * killed with SIGKILL, which runs no shutdown hook, leaves no bcoin behind.
     */
    private static Path exitWithParentScript() throws IOException {
        Path script = INSTALL_DIR.resolve("exit-with-parent.js");
        Files.writeString(script, """
                // Written by BcoinNode: the test JVM holds our stdin; when it dies, so do we.
                process.stdin.on('end', () => process.exit(0));
                process.stdin.on('error', () => process.exit(0));
                process.stdin.resume();
                """);
        return script;
    }

    private void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "--require", exitWithParentScript().toString(), BIN.toString(),
                "--network=regtest", "--prefix=" + prefix,
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--api-key=" + API_KEY,
                "--host=127.0.0.1", "--port=" + p2pPort, "--listen=true", "--upnp=false", "--workers=false",
                "--seeds=127.0.0.1:1", "--only=127.0.0.1:1", "--log-level=info"));
        if (walletPort == 0) {
            command.add("--no-wallet");
        } else {
            // In memory: with leveldown 5 (see the class comment) bdb's range queries find nothing, so an on-disk
            // wallet counts its coins but cannot spend them. The wallet lives as long as this node process.
            command.addAll(List.of("--wallet-http-host=127.0.0.1", "--wallet-http-port=" + walletPort,
                    "--wallet-memory=true"));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(prefix.resolve("bcoin-stdout.log").toFile())).start();
        LIVE.add(this);
        awaitRpc(Duration.ofSeconds(60));
    }

    private void awaitRpc(Duration timeout) throws InterruptedException {
        AtomicReference<RuntimeException> last = new AtomicReference<>();
        Waits.until(() -> "bcoin " + name + " RPC: " + last.get(), timeout, Duration.ofMillis(100), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("bcoin " + name + " exited with " + process.exitValue() + ":\n"
                        + tail(prefix.resolve("bcoin-stdout.log"), 30));
            }
            try {
                rpc("getblockcount");
                return true;
            } catch (RuntimeException e) {
                last.set(e);
                return false;
            }
        });
    }

    /** SIGKILL to the node and anything it spawned; the data directory stays for {@link #restart()}. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
        process = null;
    }

    /** Starts the node again on the same data directory and ports. */
    public void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        Process exited = process;
        if (exited != null && !exited.isAlive()) {
            // Nobody here killed it: it exited by itself, and its log is about to be deleted.
            System.out.println("[bcoin] " + name + " had exited by itself (code " + exited.exitValue() + "):\n"
                    + tail(prefix.resolve("bcoin-stdout.log"), 30));
        }
        kill();
        try (Stream<Path> files = Files.walk(prefix)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** The wallet server (JSON-RPC at {@code /}, REST under {@code /wallet/}); only with {@link #startWithWallet}. */
    public String walletUrl() {
        if (walletPort == 0) {
            throw new IllegalStateException(this + " runs without a wallet");
        }
        return "http://127.0.0.1:" + walletPort + "/";
    }

    /** Calls the wallet server's JSON-RPC (the primary wallet). */
    public JsonNode walletRpc(String method, Object... params) {
        return rpcAt(walletUrl(), method, params);
    }

    /**
     * A new receive address of the primary wallet, in regtest form (bcoin 1.0.2's {@code getnewaddress}
     * RPC prints mainnet base58, so the REST call is used).
     */
    public String newWalletAddress() {
        return walletRest("POST", "wallet/primary/address", "{\"account\":\"default\"}").path("address").asText();
    }

    /** A REST call to the wallet server ({@code PUT /wallet/empty} creates a wallet); the JSON answer. */
    public JsonNode walletRest(String httpMethod, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(walletUrl()).resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", basicAuth()).header("Content-Type", "application/json")
                    .method(httpMethod, HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("bcoin wallet " + httpMethod + " " + path + ": HTTP " + response.statusCode()
                        + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("bcoin wallet " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basicAuth() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("test:" + API_KEY).getBytes(StandardCharsets.UTF_8));
    }

    public NodeEndpointConfig endpoint() {
        return new NodeEndpointConfig(name, rpcUrl(), "pool", API_KEY, null, 1_000L, 5_000L);
    }

    /** Calls the node; RPC errors become IllegalStateException with the node's message. */
    public JsonNode rpc(String method, Object... params) {
        return rpcAt(rpcUrl(), method, params);
    }

    private JsonNode rpcAt(String url, String method, Object... params) {
        try {
            ObjectNode request = JSON.createObjectNode().put("jsonrpc", "1.0").put("id", 1).put("method", method);
            request.set("params", JSON.valueToTree(params));
            HttpRequest http = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", basicAuth())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build();
            HttpResponse<byte[]> response = this.http.send(http, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode root = JSON.readTree(response.body());
            if (root == null || root.hasNonNull("error") || response.statusCode() != 200) {
                throw new IllegalStateException("bcoin " + name + " " + method + ": HTTP " + response.statusCode()
                        + " " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return root.get("result");
        } catch (IOException e) {
            throw new IllegalStateException("bcoin " + name + " " + method + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<String> generateToAddress(int blocks, String address) {
        List<String> hashes = new ArrayList<>();
        rpc("generatetoaddress", blocks, address).forEach(h -> hashes.add(h.asText()));
        return hashes;
    }

    public long getBlockCount() {
        return rpc("getblockcount").asLong();
    }

    public String getBestBlockHash() {
        return rpc("getbestblockhash").asText();
    }

    public String getBlockHash(long height) {
        return rpc("getblockhash", height).asText();
    }

    /** The raw block (bcoin's getblock takes a boolean verbose flag, not Core's verbosity number). */
    public byte[] getBlockBytes(String hash) {
        return io.stratumpool.validator.Hex.decode(rpc("getblock", hash, false).asText());
    }

    public String sendRawTransaction(byte[] tx) {
        return rpc("sendrawtransaction", io.stratumpool.validator.Hex.encode(tx)).asText();
    }

    /** submitblock's answer: null when accepted, else bcoin's "rejected: reason". */
    String submitBlock(byte[] block) {
        JsonNode result = rpc("submitblock", io.stratumpool.validator.Hex.encode(block));
        return result.isNull() ? null : result.asText();
    }

    public JsonNode getBlockTemplate() {
        return rpc("getblocktemplate", java.util.Map.of("rules", List.of("segwit")));
    }

    public String name() {
        return name;
    }

    Path dataDir() {
        return prefix;
    }

    public static int freePort() throws IOException {
        return io.stratumpool.pool.testing.LoopbackPorts.any();
    }

    static int restartablePort() throws IOException {
        return io.stratumpool.pool.testing.LoopbackPorts.restartable();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "bcoin " + name + " at " + rpcUrl();
    }
}
