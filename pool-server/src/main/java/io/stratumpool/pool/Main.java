package io.stratumpool.pool;

import io.stratumpool.pool.config.ConfigException;
import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.config.PoolSection;
import io.stratumpool.pool.server.AccountingNode;
import io.stratumpool.pool.server.PoolServer;
import io.stratumpool.pool.server.PoolVersion;
import io.stratumpool.pool.server.StartupFailure;
import io.stratumpool.pool.server.V2KeyStore;
import io.stratumpool.sv2.noise.PoolKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
            new Flag("--role", "STRATUMPOOL_ROLE", "pool.role",
                    "all (default: the whole pool in one process), stratum (shares to Kafka, cluster.*)"
                    + " or accounting (Kafka into the ledger database)"),
            new Flag("--kafka", "STRATUMPOOL_KAFKA", "cluster.bootstrapServers",
                    "Kafka bootstrap servers host:port[,host:port] for the stratum and accounting roles"),
            new Flag("--stratum-host", "STRATUMPOOL_STRATUM_HOST", "stratum.host", "address the Stratum ports bind to (default 0.0.0.0)"),
            new Flag("--stratum-port", "STRATUMPOOL_STRATUM_PORT", "stratum.ports[0].port", "the first Stratum port (default 3333)"),
            new Flag("--stratum-v2-port", "STRATUMPOOL_STRATUM_V2_PORT", "stratum.v2.ports[0].port",
                    "the first Stratum V2 port (default 3336; stratum.v2.enabled=false turns V2 off)"),
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
        CommandLine cli = new CommandLine(commandSpec());
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (ParameterException e) {
            fail(e.getMessage() + " (see --help)");
            return;
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        if (cli.isVersionHelpRequested()) {
            cli.printVersionHelp(System.out);
            return;
        }
        if (parsed.subcommand() != null) {
            keygen(parsed.subcommand());
            return;
        }
        // Environment twins first, then the flags, then --set: the command line wins.
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Flag f : FLAGS) {
            String value = System.getenv(f.env());
            if (value != null && !value.isBlank()) {
                overrides.put(f.path(), value);
            }
        }
        for (Flag f : FLAGS) {
            String value = parsed.matchedOptionValue(f.name(), null);
            if (value != null) {
                overrides.put(f.path(), value);
            }
        }
        Map<String, String> set = parsed.matchedOptionValue("--set", Map.of());
        overrides.putAll(set);
        String env = System.getenv("STRATUMPOOL_CONFIG");
        Path configFile = parsed.matchedOptionValue("--config", env == null || env.isBlank() ? null : Path.of(env));
        String logFormat = parsed.matchedOptionValue("--log-format",
                System.getenv().getOrDefault("STRATUMPOOL_LOG_FORMAT", "text"));
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

    /** picocli's model of the command line, built from {@link #FLAGS} so each flag's env twin is in its help. */
    static CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.create().name("java -jar pool-server.jar").mixinStandardHelpOptions(true)
                .version("stratumpool " + PoolVersion.get());
        spec.usageMessage().description("", "With no options the pool runs on its embedded sandbox chain (no Bitcoin node"
                + " needed), Stratum on stratum+tcp://0.0.0.0:3333, as one process (role all).", "",
                "Roles (--role or pool.role): all (default), stratum and accounting. A cluster runs several stratum"
                + " nodes (each its own pool.nodeId) that publish shares to Kafka (cluster.bootstrapServers,"
                + " cluster.sharesTopic, a local spool in cluster.spoolDir while the broker is away), and one"
                + " accounting process that stores them in the ledger database exactly once.", "").footer("",
                "Config files may take any text value from the environment:", "  $${VAR}, or $${VAR:-default} when unset or empty.");
        spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class)
                .description("YAML or JSON config file (env STRATUMPOOL_CONFIG); see config/*.yaml").build());
        spec.addOption(OptionSpec.builder("--set").paramLabel("PATH=VALUE").type(Map.class)
                .auxiliaryTypes(String.class, String.class)
                .description("set any config key, e.g. --set stratum.limits.maxConnections=20000 (repeatable)").build());
        for (Flag f : FLAGS) {
            spec.addOption(OptionSpec.builder(f.name()).paramLabel("VALUE").type(String.class)
                    .description(f.help() + " (env " + f.env() + ")").build());
        }
        CommandSpec keygen = CommandSpec.create().name("keygen").mixinStandardHelpOptions(true);
        keygen.usageMessage().description("Generates the pool's Stratum V2 keys (authority and Noise static key) and prints"
                + " the authority public key miners configure (stratum2+tcp://host:3336/<key>).");
        keygen.addOption(OptionSpec.builder("--out").paramLabel("FILE").type(Path.class)
                .description("write the keys to FILE (mode 600) for stratum.v2.keyFile, instead of printing the secret keys").build());
        spec.addSubcommand("keygen", keygen);
        spec.addOption(OptionSpec.builder("--log-format").paramLabel("text|json").type(String.class)
                .description("log lines as text (default) or one JSON object each (env STRATUMPOOL_LOG_FORMAT)").build());
        return spec;
    }

    private static void run(Path configFile, Map<String, String> overrides) throws Exception {
        PoolConfig config;
        try {
            config = ConfigLoader.load(configFile, overrides);
        } catch (ConfigException e) {
            fail(e.getMessage());
            return;
        }
        AutoCloseable server;
        try {
            server = config.pool().role() == PoolSection.Role.ACCOUNTING
                    ? AccountingNode.start(config, java.time.Clock.systemUTC())
                    : PoolServer.builder(config).start();
        } catch (Exception e) {
            // Exit, never linger half started: a supervisor restarts a pool that is gone. Known causes
            // get one line naming the key, port or path; anything else is a bug worth its stack trace.
            String line = StartupFailure.describe(e, config);
            if (line == null && e instanceof org.apache.kafka.common.KafkaException) {
                line = e.getMessage() + " (check cluster.bootstrapServers / --kafka)";
            }
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
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    /** {@code keygen}: new keys, printed as config lines (or written to a key file) with the authority public key. */
    private static void keygen(ParseResult keygen) {
        if (keygen.isUsageHelpRequested()) {
            keygen.commandSpec().commandLine().usage(System.out);
            return;
        }
        PoolKeys keys = PoolKeys.generate(new java.security.SecureRandom());
        Path out = keygen.matchedOptionValue("--out", null);
        if (out != null) {
            try {
                V2KeyStore.write(out, keys);
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                fail(e.getMessage());
                return;
            }
            System.out.println("# keys written to " + out + " (set stratum.v2.keyFile: " + out + ")");
        } else {
            java.util.HexFormat hex = java.util.HexFormat.of();
            System.out.println("# the pool's config (keep the secret keys secret; or use: keygen --out FILE)");
            System.out.println("stratum:");
            System.out.println("  v2:");
            System.out.println("    authoritySecretKey: " + hex.formatHex(keys.authoritySecretKey()));
            System.out.println("    staticSecretKey: " + hex.formatHex(keys.staticSecretKey()));
        }
        System.out.println("# authority public key, for miners: stratum2+tcp://HOST:3336/" + keys.authorityPublicKeyBase58());
        System.out.println(keys.authorityPublicKeyBase58());
    }

    static String usage() {
        return new CommandLine(commandSpec()).getUsageMessage();
    }

    private static void fail(String message) {
        System.err.println("stratumpool: " + message);
        System.exit(2);
    }
}
