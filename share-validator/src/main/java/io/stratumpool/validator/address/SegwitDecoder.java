package io.stratumpool.validator.address;

import java.util.Arrays;

/** The BIP-173/BIP-350 rules that turn a bech32(m) string into a witness version and program. */
final class SegwitDecoder {

    private static final int MAX_WITNESS_VERSION = 16;
    private static final int MIN_PROGRAM_LENGTH = 2;
    private static final int MAX_PROGRAM_LENGTH = 40;

    private SegwitDecoder() {
    }

    /** Checks run cheapest and most telling first, so each bad address gets the most specific message. */
    static Address decode(String address, Network network) {
        Bech32.Decoded decoded = Bech32.decode(address);
        if (!decoded.hrp().equals(network.bech32Hrp())) {
            // The caller matched the hrp as a prefix; "bc1x1..." has hrp "bc1x" and lands here.
            throw Address.networkMismatch(network, decoded.hrp());
        }
        byte[] values = decoded.values();
        if (values.length == 0) {
            throw new AddressException("empty data part (no witness version)");
        }
        int version = values[0];
        checkVersion(version, decoded.encoding());
        byte[] program = Bech32.convertBits(Arrays.copyOfRange(values, 1, values.length), 5, 8, false);
        checkProgramLength(version, program.length);
        return Address.segwit(address, network, version, program);
    }

    private static void checkVersion(int version, Bech32.Encoding encoding) {
        checkVersionRange(version);
        // BIP-350: accepting both checksums for one version would weaken error detection to 29 bits.
        if (version == 0 && encoding != Bech32.Encoding.BECH32) {
            throw new AddressException("bech32m checksum used for witness v0 (v0 requires bech32)");
        }
        if (version != 0 && encoding != Bech32.Encoding.BECH32M) {
            throw new AddressException("bech32 checksum used for witness v" + version + " (v1+ requires bech32m, BIP-350)");
        }
    }

    static void checkVersionRange(int version) {
        if (version < 0 || version > MAX_WITNESS_VERSION) {
            throw new AddressException("witness version " + version + " out of range (0.." + MAX_WITNESS_VERSION + ")");
        }
    }

    static void checkProgramLength(int version, int length) {
        if (length < MIN_PROGRAM_LENGTH || length > MAX_PROGRAM_LENGTH) {
            throw new AddressException("witness program must be " + MIN_PROGRAM_LENGTH + " to " + MAX_PROGRAM_LENGTH
                    + " bytes, got " + length);
        }
        if (version == 0 && length != 20 && length != 32) {
            throw new AddressException("witness v0 program must be 20 or 32 bytes, got " + length);
        }
    }
}
