package io.stratumpool.sim;

import io.stratumpool.sim.v2.ChannelKind;
import io.stratumpool.sim.v2.V2MinerOptions;
import io.stratumpool.sv2.noise.AuthorityKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@link Main}; every problem is collected before giving up. */
record CliOptions(
        String host,
        int port,
        int miners,
        String profile,
        String user,
        String password,
        double hashrate,
        Duration duration,
        Duration interval,
        BigDecimal suggestDifficulty,
        int hashThreads,
        String protocol,
        String authorityKey,
        ChannelKind channel,
        boolean help,
        boolean version) {

    static final String USAGE = """
            Usage: java -jar miner-sim.jar [options]
              --protocol v1|v2         Stratum V1 (default) or Stratum V2
              --host HOST              pool address (default 127.0.0.1)
              --port PORT              pool port (default 3333 for v1, 3336 for v2)
              --authority-key KEY      v2: the pool's authority public key (base58check), required
              --channel KIND           v2: extended (default, as Bitaxe) or standard
              --miners N               simulated miners (default 1)
              --profile NAME           v1: mixed (default) or one of: %s
              --user NAME              username; each miner adds .<profile>-<n> (v2: .v2-<n>) (default sim)
              --password PASS          v1: password, e.g. d=0.001 for a fixed difficulty (default x)
              --hashrate H             hashes per second per miner, 0 = unlimited (default 0)
              --duration SECONDS       stop after this long (default: until Ctrl-C)
              --interval SECONDS       report every so often (default 5)
              --suggest-difficulty D   v1: replace each profile's suggested difficulty
              --hash-threads N         hashing threads (default: one per core)
              -h, --help               show this help
              --version                print the version
            """.formatted(String.join(", ", profileNames()));

    /** The version line of {@code --version}: the jar's Implementation-Version, or "dev" outside a jar. */
    static String versionText() {
        String v = CliOptions.class.getPackage().getImplementationVersion();
        return "stratumpool miner-sim " + (v == null ? "dev" : v);
    }

    static CliOptions parse(String... args) {
        Parser p = new Parser(args);
        String protocol = p.protocol();
        boolean v2 = protocol.equals("v2");
        CliOptions o = new CliOptions(p.text("--host", "127.0.0.1"), (int) p.number("--port", v2 ? 3336 : 3333, 1, 65535),
                (int) p.number("--miners", 1, 1, 100_000), p.profile(), p.text("--user", "sim"), p.text("--password", "x"),
                p.number("--hashrate", 0, 0, 1e12), Duration.ofMillis((long) (p.number("--duration", 0, 0, 1e9) * 1000)),
                Duration.ofMillis((long) (p.number("--interval", 5, 0.1, 3600) * 1000)), p.decimal("--suggest-difficulty"),
                (int) p.number("--hash-threads", Runtime.getRuntime().availableProcessors(), 1, 1024), protocol,
                p.authorityKey(v2), p.channel(v2), p.help, p.version);
        p.finish();
        return o;
    }

    boolean v2() {
        return protocol.equals("v2");
    }

    /** The options of V2 miner {@code index}. */
    V2MinerOptions v2MinerOptions(int index) {
        String name = "v2-" + index;
        return V2MinerOptions.builder(host, port).authorityKey(authorityKey).channel(channel).name(name)
                .user(user + "." + name).hashrate(hashrate).nominalHashrate(hashrate > 0 ? (float) hashrate : 1e6f)
                .transcriptLimit(200).shareHistoryLimit(1000).build();
    }

    /** The options of miner {@code index}. */
    MinerOptions minerOptions(int index) {
        FirmwareProfile fp = profile.equals("mixed") ? Fleet.mixedProfile(index) : FirmwareProfile.parse(profile);
        String name = fp.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + index;
        return MinerOptions.builder(host, port).profile(fp).name(name).user(user + "." + name).password(password)
                .hashrate(hashrate).suggestDifficulty(suggestDifficulty).transcriptLimit(200).build();
    }

    private static List<String> profileNames() {
        List<String> names = new ArrayList<>();
        for (FirmwareProfile fp : FirmwareProfile.values()) {
            names.add(fp.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        return names;
    }

    /**
     * The options as picocli reads them: every value as text, so that {@link Parser} can check them
     * all and report every problem at once, as before picocli.
     */
    @Command(name = "java -jar miner-sim.jar", mixinStandardHelpOptions = true, versionProvider = Spec.Version.class)
    static final class Spec {
        @Option(names = "--protocol") String protocol;
        @Option(names = "--authority-key") String authorityKey;
        @Option(names = "--channel") String channel;
        @Option(names = "--host") String host;
        @Option(names = "--port") String port;
        @Option(names = "--miners") String miners;
        @Option(names = "--profile") String profile;
        @Option(names = "--user") String user;
        @Option(names = "--password") String password;
        @Option(names = "--hashrate") String hashrate;
        @Option(names = "--duration") String duration;
        @Option(names = "--interval") String interval;
        @Option(names = "--suggest-difficulty") String suggestDifficulty;
        @Option(names = "--hash-threads") String hashThreads;

        static final class Version implements CommandLine.IVersionProvider {
            @Override
            public String[] getVersion() {
                return new String[] {versionText()};
            }
        }
    }

    /** Reads the options through picocli, remembering every problem instead of stopping at the first. */
    private static final class Parser {
        private final java.util.Map<String, String> values = new java.util.HashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final java.util.Set<String> known = new java.util.HashSet<>();
        private boolean help;
        private boolean version;

        Parser(String[] args) {
            Spec spec = new Spec();
            CommandLine cmd = new CommandLine(spec).setUnmatchedArgumentsAllowed(true).setOverwrittenOptionsAllowed(true)
                    .setExpandAtFiles(false);
            try {
                cmd.parseArgs(args);
            } catch (CommandLine.MissingParameterException e) {
                // An option at the end without its value.
                e.getMissing().forEach(a -> problems.add(
                        ((CommandLine.Model.OptionSpec) a).longestName() + ": unexpected argument"));
                return;
            } catch (CommandLine.ParameterException e) {
                problems.add(e.getMessage());
                return;
            }
            help = cmd.isUsageHelpRequested();
            version = cmd.isVersionHelpRequested();
            for (CommandLine.Model.OptionSpec option : cmd.getCommandSpec().options()) {
                Object v = option.getValue();
                if (v instanceof String text) {
                    values.put(option.longestName(), text);
                }
            }
            List<String> unmatched = cmd.getUnmatchedArguments();
            for (int i = 0; i < unmatched.size(); i++) {
                String a = unmatched.get(i);
                if (a.startsWith("--") && a.contains("=")) {
                    values.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                } else if (a.startsWith("--")) {
                    // An unknown option takes the next argument as its value, as it did before.
                    values.put(a, i + 1 < unmatched.size() && !unmatched.get(i + 1).startsWith("--") ? unmatched.get(++i) : "");
                } else {
                    problems.add(a + ": unexpected argument");
                }
            }
        }

        String text(String name, String fallback) {
            known.add(name);
            return values.getOrDefault(name, fallback);
        }

        double number(String name, double fallback, double min, double max) {
            String v = text(name, null);
            if (v == null) {
                return fallback;
            }
            try {
                double d = Double.parseDouble(v);
                if (d >= min && d <= max) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(name + ": " + v + " (expected: a number in " + min + ".." + max + ")");
            return fallback;
        }

        BigDecimal decimal(String name) {
            String v = text(name, null);
            try {
                BigDecimal d = v == null ? null : new BigDecimal(v);
                if (d == null || d.signum() > 0) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(name + ": " + v + " (expected: a number > 0)");
            return null;
        }

        String profile() {
            String v = text("--profile", "mixed").toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("mixed") && !profileNames().contains(v) && !profileNames().contains(v.replace('_', '-'))) {
                problems.add("--profile: " + v + " (expected: mixed or one of " + profileNames() + ")");
            }
            return v;
        }

        String protocol() {
            String v = text("--protocol", "v1").toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("v1") && !v.equals("v2")) {
                problems.add("--protocol: " + v + " (expected: v1 or v2)");
            }
            return v;
        }

        String authorityKey(boolean v2) {
            String v = text("--authority-key", null);
            if (!v2) {
                if (v != null) {
                    problems.add("--authority-key: only with --protocol v2");
                }
                return null;
            }
            if (v == null) {
                problems.add("--authority-key: required with --protocol v2 (the pool's authority public key, base58check)");
                return null;
            }
            try {
                AuthorityKey.decode(v);
            } catch (IllegalArgumentException e) {
                problems.add("--authority-key: " + e.getMessage());
            }
            return v;
        }

        ChannelKind channel(boolean v2) {
            String v = text("--channel", null);
            if (v != null && !v2) {
                problems.add("--channel: only with --protocol v2");
            }
            String kind = v == null ? "extended" : v.toLowerCase(java.util.Locale.ROOT);
            if (!kind.equals("extended") && !kind.equals("standard")) {
                problems.add("--channel: " + v + " (expected: standard or extended)");
                return ChannelKind.EXTENDED;
            }
            return ChannelKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        }

        void finish() {
            values.keySet().stream().filter(k -> !known.contains(k)).sorted()
                    .forEach(k -> problems.add(k + ": unknown option"));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("\n", problems));
            }
        }
    }
}
