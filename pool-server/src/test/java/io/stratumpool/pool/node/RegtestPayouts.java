package io.stratumpool.pool.node;

import io.stratumpool.validator.ByteWriter;
import io.stratumpool.validator.Sha256d;
import io.stratumpool.validator.address.Base58;
import io.stratumpool.validator.address.Bech32;
import io.stratumpool.validator.address.Network;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Payout addresses of every type for bcoin's regtest (bech32 hrp "rb"; base58 version bytes 0x3c
 * and 0x26 of its own, not Core's 0x6f/0xc4), each built from arbitrary bytes nobody holds a key
 * for, together with the output script written out by hand. The tests compare mined coinbases with
 * both that script and the one the pool's own address parser derives, and ask bcoin what it makes
 * of the address, so no side checks only itself.
 */
final class RegtestPayouts {
    static final Network NETWORK = Network.BCOIN_REGTEST;

    /** A configured payout: the address the pool is given and the script its coinbase must carry. */
    record Payout(String type, String address, byte[] script) {
        @Override
        public String toString() {
            return type + " " + address;
        }
    }

    private RegtestPayouts() {
    }

    static List<Payout> all() {
        return List.of(p2wpkh("p2wpkh"), p2tr("p2tr"), p2pkh("p2pkh"), p2sh("p2sh"));
    }

    /** OP_0 PUSH20 program, bech32. */
    static Payout p2wpkh(String seed) {
        byte[] program = bytes(seed, 20);
        return new Payout("P2WPKH", Bech32.encodeSegwit(NETWORK.bech32Hrp(), 0, program), script(0x00, 0x14, program));
    }

    /** OP_0 PUSH32 script hash, bech32. */
    static Payout p2wsh(String seed) {
        byte[] program = bytes(seed, 32);
        return new Payout("P2WSH", Bech32.encodeSegwit(NETWORK.bech32Hrp(), 0, program), script(0x00, 0x20, program));
    }

    /** OP_1 PUSH32 output key, bech32m (BIP350). */
    static Payout p2tr(String seed) {
        byte[] key = bytes(seed, 32);
        return new Payout("P2TR", Bech32.encodeSegwit(NETWORK.bech32Hrp(), 1, key), script(0x51, 0x20, key));
    }

    /** OP_DUP OP_HASH160 PUSH20 hash OP_EQUALVERIFY OP_CHECKSIG, base58check with bcoin regtest's version 0x3c. */
    static Payout p2pkh(String seed) {
        byte[] hash = bytes(seed, 20);
        byte[] script = new ByteWriter().writeByte(0x76).writeBytes(script(0xa9, 0x14, hash)).writeByte(0x88)
                .writeByte(0xac).toByteArray();
        return new Payout("P2PKH", base58(NETWORK.p2pkhVersion(), hash), script);
    }

    /** OP_HASH160 PUSH20 hash OP_EQUAL, base58check with bcoin regtest's version 0x26. */
    static Payout p2sh(String seed) {
        byte[] hash = bytes(seed, 20);
        byte[] script = new ByteWriter().writeBytes(script(0xa9, 0x14, hash)).writeByte(0x87).toByteArray();
        return new Payout("P2SH", base58(NETWORK.p2shVersion(), hash), script);
    }

    private static String base58(int version, byte[] hash) {
        return Base58.encodeChecked(new ByteWriter().writeByte(version).writeBytes(hash).toByteArray());
    }

    private static byte[] script(int op, int push, byte[] data) {
        return new ByteWriter().writeByte(op).writeByte(push).writeBytes(data).toByteArray();
    }

    private static byte[] bytes(String seed, int length) {
        return Arrays.copyOf(Sha256d.sha256(("stratumpool payout " + seed).getBytes(StandardCharsets.UTF_8)), length);
    }
}
