package io.stratumpool.pool.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ledger:} config section: where shares are stored and how the writer batches them.
 * {@code url}, {@code user} and {@code password} are for PostgreSQL; SQLite uses a file under
 * {@code dataDir} ({@code url} may override it). {@code schema} is the PostgreSQL schema
 * (null: the connection's default).
 */
public record LedgerConfig(
        Store store,
        String url,
        String user,
        String password,
        String dataDir,
        String schema,
        Integer poolSize,
        Integer commitWindowMillis,
        Integer maxBatch,
        Integer queueCapacity,
        Integer ackTimeoutMillis,
        Integer retentionDays) {

    /**
     * Shares per transaction at most. Only a saturated ledger fills a batch (at 2,000 shares/s a 2 ms
     * window holds a handful); then each COMMIT's fsync is shared by 5,000 shares, not 1,000
     * (BENCHMARKS.md, "Share ledger").
     */
    public static final int DEFAULT_MAX_BATCH = 5_000;

    /** Keys left out of the file take the embedded defaults. */
    public LedgerConfig {
        store = store == null ? Store.SQLITE : store;
        boolean pg = store == Store.POSTGRESQL;
        poolSize = poolSize == null ? (pg ? 8 : 4) : poolSize;
        commitWindowMillis = commitWindowMillis == null ? 2 : commitWindowMillis;
        maxBatch = maxBatch == null ? DEFAULT_MAX_BATCH : maxBatch;
        queueCapacity = queueCapacity == null ? 20_000 : queueCapacity;
        ackTimeoutMillis = ackTimeoutMillis == null ? 10_000 : ackTimeoutMillis;
        retentionDays = retentionDays == null ? 7 : retentionDays;
    }

    /** This section with the SQLite directory filled in when the file left it out. */
    public LedgerConfig withDefaultDataDir(String defaultDataDir) {
        return dataDir != null ? this : new LedgerConfig(store, url, user, password, defaultDataDir, schema, poolSize,
                commitWindowMillis, maxBatch, queueCapacity, ackTimeoutMillis, retentionDays);
    }

    /** The two stores; the YAML spelling is lower case. */
    public enum Store {
        SQLITE, POSTGRESQL;

        @JsonCreator
        public static Store parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }

        @JsonValue
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The embedded default: SQLite under {@code ./data}, 2 ms commit window, 10 s acknowledgement timeout. */
    public static LedgerConfig sqlite(String dataDir) {
        return new LedgerConfig(Store.SQLITE, null, null, null, dataDir, null, 4, 2, DEFAULT_MAX_BATCH, 20_000, 10_000, 7);
    }

    public static LedgerConfig postgresql(String url, String user, String password) {
        return new LedgerConfig(Store.POSTGRESQL, url, user, password, null, null, 8, 2, DEFAULT_MAX_BATCH, 20_000, 10_000, 7);
    }

    public LedgerConfig withSchema(String newSchema) {
        return new LedgerConfig(store, url, user, password, dataDir, newSchema, poolSize, commitWindowMillis,
                maxBatch, queueCapacity, ackTimeoutMillis, retentionDays);
    }

    public LedgerConfig withTimings(int newCommitWindowMillis, int newQueueCapacity, int newAckTimeoutMillis) {
        return new LedgerConfig(store, url, user, password, dataDir, schema, poolSize, newCommitWindowMillis,
                maxBatch, newQueueCapacity, newAckTimeoutMillis, retentionDays);
    }

    /** The JDBC URL to connect to: {@code url} when given, else the SQLite file under {@code dataDir}. */
    public String jdbcUrl() {
        if (url != null && !url.isBlank()) {
            return url;
        }
        return "jdbc:sqlite:" + Path.of(dataDir == null ? "data" : dataDir, "ledger.db").toAbsolutePath();
    }

    /** Every problem with this section, each as {@code ledger.key: value (expected …)}. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (store == null) {
            problems.add("ledger.store: missing (expected sqlite or postgresql)");
        } else if (store == Store.POSTGRESQL && (url == null || !url.startsWith("jdbc:postgresql:"))) {
            problems.add("ledger.url: " + url + " (expected jdbc:postgresql://host:port/database)");
        } else if (store == Store.SQLITE && (url == null || url.isBlank()) && (dataDir == null || dataDir.isBlank())) {
            problems.add("ledger.dataDir: " + dataDir + " (expected a directory for the SQLite file)");
        }
        check(problems, "poolSize", poolSize, 2, 64);
        check(problems, "commitWindowMillis", commitWindowMillis, 0, 1000);
        check(problems, "maxBatch", maxBatch, 1, 100_000);
        check(problems, "queueCapacity", queueCapacity, 1, 10_000_000);
        check(problems, "ackTimeoutMillis", ackTimeoutMillis, 100, 600_000);
        check(problems, "retentionDays", retentionDays, 1, 36_500);
        return problems;
    }

    private static void check(List<String> problems, String key, Integer value, int min, int max) {
        if (value < min || value > max) {
            problems.add("ledger." + key + ": " + value + " (expected " + min + ".." + max + ")");
        }
    }
}
