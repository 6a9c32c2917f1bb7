package io.stratumpool.pool;

import io.stratumpool.pool.config.ConfigException;
import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.server.PoolServer;
import io.stratumpool.pool.server.PoolVersion;
import io.stratumpool.pool.server.StartupFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the pool. With no arguments it runs on the embedded sandbox chain, Stratum on port 3333.
 * Flags (and their environment twins) override the config file; {@code --set path=value} reaches
 * any key.
 */
public final class Main {
    /** A command-line flag, its environment variable and the config path it sets. */
    private record Flag(String name, String env, String path, String help) {
    }

    private static final List<Flag> FLAGS = List.of(
            new Flag("--stratum-host", "STRATUMPOOL_STRATUM_HOST", "stratum.host", "address the Stratum ports bind to (default 0.0.0.0)"),
            new Flag("--stratum-port", "STRATUMPOOL_STRATUM_PORT", "stratum.ports[0].port", "the first Stratum port (default 3333)"),
            new Flag("--pool-address", "STRATUMPOOL_POOL_ADDRESS", "pool.address", "address block rewards are paid to"),
            new Flag("--network", "STRATUMPOOL_NETWORK", "pool.network", "mainnet, testnet, signet, regtest (default regtest)"),
            new Flag("--pool-tag", "STRATUMPOOL_POOL_TAG", "pool.tag", "text written into every coinbase"),
            new Flag("--data-dir", "STRATUMPOOL_DATA_DIR", "pool.dataDir", "directory for the embedded database (default ./data)"),
            new Flag("--admin-token", "STRATUMPOOL_ADMIN_TOKEN", "admin.token",
                    "bearer token of the admin API (admin.enabled); prefer the environment variable"),
            new Flag("--sandbox-difficulty", "STRATUMPOOL_SANDBOX_DIFFICULTY", "sandbox.networkDifficulty",
                    "sandbox network difficulty: a number or \"regtest\" (default 0.01)"));

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Flag f : FLAGS) {
            String value = System.getenv(f.env());
            if (value != null && !value.isBlank()) {
                overrides.put(f.path(), value);
            }
        }
        String logFormat = System.getenv().getOrDefault("STRATUMPOOL_LOG_FORMAT", "text");
        if (System.getenv("STRATUMPOOL_CONFIG") != null) {
            configFile = Path.of(System.getenv("STRATUMPOOL_CONFIG"));
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage());
                return;
            }
            if (arg.equals("--version") || arg.equals("-V")) {
                System.out.println("stratumpool " + PoolVersion.get());
                return;
            }
            String value = arg.contains("=") && arg.startsWith("--") && !arg.startsWith("--set")
                    ? arg.substring(arg.indexOf('=') + 1) : null;
            String name = value != null ? arg.substring(0, arg.indexOf('=')) : arg;
            if (value == null) {
                if (i + 1 >= args.length) {
                    fail("option " + name + " needs a value (see --help)");
                }
                value = args[++i];
            }
            if (name.equals("--log-format")) {
                logFormat = value;
            } else if (name.equals("--config")) {
                configFile = Path.of(value);
            } else if (name.equals("--set")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    fail("--set expects path=value, e.g. --set stratum.limits.maxConnections=20000");
                }
                overrides.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                overrides.put(flag(name).path(), value);
            }
        }
        if (configFile != null && !Files.isRegularFile(configFile)) {
            fail("config file " + configFile + " does not exist (--config / STRATUMPOOL_CONFIG)");
        }
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            fail("--log-format " + logFormat + " (expected: text or json; env STRATUMPOOL_LOG_FORMAT)");
        }
        // Read by logback.xml, which is configured when the first logger is created: after this line.
        System.setProperty("stratumpool.logFormat", logFormat);
        run(configFile, overrides);
    }

    private static void run(Path configFile, Map<String, String> overrides) throws Exception {
        PoolConfig config;
        try {
            config = ConfigLoader.load(configFile, overrides);
        } catch (ConfigException e) {
            fail(e.getMessage());
            return;
        }
        PoolServer server;
        try {
            server = PoolServer.builder(config).start();
        } catch (Exception e) {
            // Exit, never linger half started: a supervisor restarts a pool that is gone. Known causes
            // get one line naming the key, port or path; anything else is a bug worth its stack trace.
            String line = StartupFailure.describe(e, config);
            if (line == null) {
                e.printStackTrace();
                line = e.toString();
            }
            System.err.println("stratumpool: startup failed: " + line);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    private static Flag flag(String name) {
        return FLAGS.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> failure("unknown option " + name + " (see --help)"));
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("""
                Usage: java -jar pool-server.jar [options]

                With no options the pool runs on its embedded sandbox chain (no Bitcoin node needed),
                Stratum on stratum+tcp://0.0.0.0:3333.

                Options:
                  --config FILE              YAML or JSON config file (env STRATUMPOOL_CONFIG); see config/*.yaml
                  --set PATH=VALUE           set any config key, e.g. --set stratum.limits.maxConnections=20000
                """);
        for (Flag f : FLAGS) {
            sb.append(String.format("  %-26s %s (env %s)%n", f.name() + " VALUE", f.help(), f.env()));
        }
        return sb.append("  --log-format text|json     log lines as text (default) or one JSON object each (env STRATUMPOOL_LOG_FORMAT)\n")
                .append("  --version                  print the version and exit\n")
                .append("  --help                     this text\n")
                .append("\nConfig files may take any text value from the environment: ${VAR} or ${VAR:-default}.\n")
                .toString();
    }

    private static IllegalArgumentException failure(String message) {
        fail(message);
        return new IllegalArgumentException(message);
    }

    private static void fail(String message) {
        System.err.println("stratumpool: " + message);
        System.exit(2);
    }
}
