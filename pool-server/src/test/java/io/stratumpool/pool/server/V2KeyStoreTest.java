package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.V2Config;
import io.stratumpool.sv2.noise.AuthorityKey;
import io.stratumpool.sv2.noise.PoolKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the V2 keys come from: configuration, or a key file made once (mode 600) and kept. */
class V2KeyStoreTest {
    private static V2Config v2(Map<String, String> settings) {
        return ConfigLoader.load(null, settings).stratum().v2();
    }

    @Test
    void firstStartWritesAKeyFileOnlyItsOwnerCanReadAndLaterStartsReadTheSameKeys(@TempDir Path dir) throws Exception {
        PoolKeys first = V2KeyStore.load(V2Config.defaults(), dir, new SecureRandom());
        Path file = dir.resolve(V2KeyStore.DEFAULT_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        PoolKeys second = V2KeyStore.load(V2Config.defaults(), dir, new SecureRandom());
        assertEquals(first, second);
        assertEquals(first.authorityPublicKeyBase58(), second.authorityPublicKeyBase58());
        assertTrue(Files.readString(file).contains(first.authorityPublicKeyBase58()), "the file names its public key");
    }

    @Test
    void configuredKeysWinAndWriteNoFile(@TempDir Path dir) {
        PoolKeys generated = PoolKeys.generate(new SecureRandom());
        HexFormat hex = HexFormat.of();
        PoolKeys loaded = V2KeyStore.load(v2(Map.of("stratum.v2.authoritySecretKey", hex.formatHex(generated.authoritySecretKey()),
                "stratum.v2.staticSecretKey", hex.formatHex(generated.staticSecretKey()))), dir, new SecureRandom());
        assertEquals(generated, loaded);
        assertFalse(Files.exists(dir.resolve(V2KeyStore.DEFAULT_FILE)));
        assertEquals(32, AuthorityKey.decode(loaded.authorityPublicKeyBase58()).length);
    }

    @Test
    void aDamagedKeyFileStopsTheStartWithOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "authoritySecretKey=00\nstaticSecretKey=zz\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> V2KeyStore.load(v2(Map.of("stratum.v2.keyFile", file.toString())), dir, new SecureRandom()));
        assertTrue(e.getMessage().startsWith("stratum.v2.keyFile " + file + ": not a secp256k1 secret key"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Files.writeString(file, "authoritySecretKey=" + "11".repeat(32) + "\n");
        e = assertThrows(IllegalStateException.class,
                () -> V2KeyStore.load(v2(Map.of("stratum.v2.keyFile", file.toString())), dir, new SecureRandom()));
        assertTrue(e.getMessage().contains("needs both authoritySecretKey and staticSecretKey"), e.getMessage());
    }
}
