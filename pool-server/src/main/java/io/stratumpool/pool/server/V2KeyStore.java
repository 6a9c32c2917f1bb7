package io.stratumpool.pool.server;

import io.stratumpool.pool.config.V2Config;
import io.stratumpool.sv2.noise.PoolKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the pool's Stratum V2 keys come from: the configuration when it holds them, else the key
 * file, which the first start creates (mode 600) so the authority key miners configured stays the
 * same across restarts. Every failure is an {@link IllegalStateException} with one line naming
 * the key or file, which {@link StartupFailure} prints as is.
 */
public final class V2KeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(V2KeyStore.class);
    /** The key file's name in the data directory when {@code stratum.v2.keyFile} is not set. */
    public static final String DEFAULT_FILE = "stratum-v2-keys";
    private static final String AUTHORITY = "authoritySecretKey";
    private static final String STATIC = "staticSecretKey";

    private V2KeyStore() {
    }

    /** The keys of {@code config}, read from (or first written to) the key file when the config has none. */
    public static PoolKeys load(V2Config config, Path dataDir, SecureRandom random) {
        if (config.keysConfigured()) {
            return of(config.authoritySecretKey(), config.staticSecretKey(), "stratum.v2.authoritySecretKey / staticSecretKey");
        }
        Path file = config.keyFile() != null ? Path.of(config.keyFile()) : dataDir.resolve(DEFAULT_FILE);
        if (Files.exists(file)) {
            return read(file);
        }
        PoolKeys keys = PoolKeys.generate(random);
        write(file, keys);
        LOG.info("generated Stratum V2 keys in {} (keep this file: miners trust its authority key {})", file,
                keys.authorityPublicKeyBase58());
        return keys;
    }

    /** Reads a key file: {@code authoritySecretKey=<hex>} and {@code staticSecretKey=<hex>} lines. */
    public static PoolKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException("stratum.v2.keyFile: cannot read " + file + ": " + e.getMessage()
                    + " (give the pool's user read access, or set stratum.v2.keyFile)", e);
        }
        String authority = null;
        String stat = null;
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith(AUTHORITY + "=")) {
                authority = l.substring(AUTHORITY.length() + 1).strip();
            } else if (l.startsWith(STATIC + "=")) {
                stat = l.substring(STATIC.length() + 1).strip();
            }
        }
        return of(authority, stat, "stratum.v2.keyFile " + file);
    }

    /** Writes the key file readable by its owner only; refuses to overwrite one. */
    public static void write(Path file, PoolKeys keys) {
        String text = "# Stratum V2 keys of this pool. Keep secret; miners trust the authority public key "
                + keys.authorityPublicKeyBase58() + "\n"
                + AUTHORITY + "=" + HexFormat.of().formatHex(keys.authoritySecretKey()) + "\n"
                + STATIC + "=" + HexFormat.of().formatHex(keys.staticSecretKey()) + "\n";
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system
            }
            Files.writeString(file, text);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("stratum.v2.keyFile: " + file + " already exists (remove it to make new keys;"
                    + " miners then need the new authority key)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("stratum.v2.keyFile: cannot write " + file + ": " + e.getMessage()
                    + " (is the data directory writable by user " + System.getProperty("user.name") + "?)", e);
        }
    }

    private static PoolKeys of(String authorityHex, String staticHex, String where) {
        if (authorityHex == null || staticHex == null) {
            throw new IllegalStateException(where + ": needs both " + AUTHORITY + " and " + STATIC
                    + " (64 hex digits each; `java -jar pool-server.jar keygen` makes them)");
        }
        try {
            return new PoolKeys(HexFormat.of().parseHex(authorityHex.strip()), HexFormat.of().parseHex(staticHex.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": not a secp256k1 secret key (expected 64 hex digits, 1..n-1): "
                    + e.getMessage(), e);
        }
    }
}
