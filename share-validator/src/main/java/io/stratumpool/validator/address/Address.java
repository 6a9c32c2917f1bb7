package io.stratumpool.validator.address;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A Bitcoin address parsed for one network, with the output script (scriptPubKey) it stands for:
 * what the coinbase pays to.
 *
 * <p>Two addresses are equal when they are for the same network and pay to the same script; an uppercase and a
 * lowercase spelling of one segwit address are therefore equal, though {@link #toString()} keeps each spelling.
 */
public final class Address {

    /** No valid address is longer: bech32 strings are capped at 90 chars, base58 addresses are about 35. */
    public static final int MAX_LENGTH = Bech32.MAX_LENGTH;

    private static final int HASH160_LENGTH = 20;
    private static final int OP_0 = 0x00;
    private static final int OP_1 = 0x51;
    private static final int OP_DUP = 0x76;
    private static final int OP_HASH160 = 0xa9;
    private static final int OP_EQUAL = 0x87;
    private static final int OP_EQUALVERIFY = 0x88;
    private static final int OP_CHECKSIG = 0xac;

    private final String text;
    private final Network network;
    private final AddressType type;
    private final byte[] outputScript;

    private Address(String text, Network network, AddressType type, byte[] outputScript) {
        this.text = text;
        this.network = network;
        this.type = type;
        this.outputScript = outputScript;
    }

    /**
     * Parses a base58check (P2PKH, P2SH) or bech32/bech32m (segwit v0..v16) address for {@code network}.
     *
     * @throws AddressException naming the problem when the string is not a valid address for that network
     */
    public static Address parse(String address, Network network) {
        Objects.requireNonNull(network, "network");
        if (address == null) {
            throw new AddressException("address is null");
        }
        try {
            checkLength(address);
            if (address.toLowerCase(Locale.ROOT).startsWith(network.bech32Hrp() + "1")) {
                return SegwitDecoder.decode(address, network);
            }
            return parseBase58OrExplain(address, network);
        } catch (AddressException e) {
            throw new AddressException(address, e.problem(), e);
        }
    }

    /** Whether {@link #parse} would accept the address; for form validation where the reason is not shown. */
    public static boolean isValid(String address, Network network) {
        try {
            parse(address, network);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    public AddressType type() {
        return type;
    }

    public Network network() {
        return network;
    }

    /** The scriptPubKey bytes; a fresh copy on each call. */
    public byte[] outputScript() {
        return outputScript.clone();
    }

    /** The address exactly as given to {@link #parse}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address
                && ((Address) o).network == network
                && Arrays.equals(((Address) o).outputScript, outputScript);
    }

    @Override
    public int hashCode() {
        return 31 * network.hashCode() + Arrays.hashCode(outputScript);
    }

    static Address segwit(String text, Network network, int version, byte[] program) {
        byte[] script = new byte[2 + program.length];
        script[0] = (byte) (version == 0 ? OP_0 : OP_1 + version - 1);
        script[1] = (byte) program.length; // a direct push: programs are at most 40 bytes
        System.arraycopy(program, 0, script, 2, program.length);
        return new Address(text, network, segwitType(version, program.length), script);
    }

    private static AddressType segwitType(int version, int programLength) {
        if (version == 0) {
            return programLength == HASH160_LENGTH ? AddressType.P2WPKH : AddressType.P2WSH;
        }
        return version == 1 && programLength == 32 ? AddressType.P2TR : AddressType.WITNESS_UNKNOWN;
    }

    private static void checkLength(String address) {
        if (address.isEmpty()) {
            throw new AddressException("empty");
        }
        if (address.length() > MAX_LENGTH) {
            throw new AddressException("too long (" + address.length() + " chars, max " + MAX_LENGTH + ")");
        }
    }

    /**
     * Base58 is tried first: a legacy address that happens to look like bech32 must still parse. Only when that
     * fails is a segwit address for another network (or an unknown hrp) reported as a network mismatch, which
     * says more than the base58 error would.
     */
    private static Address parseBase58OrExplain(String address, Network network) {
        try {
            return parseBase58(address, network);
        } catch (AddressException base58Problem) {
            String foreignHrp = foreignBech32Hrp(address);
            if (foreignHrp == null) {
                throw base58Problem;
            }
            throw networkMismatch(network, foreignHrp);
        }
    }

    static AddressException networkMismatch(Network network, String gotHrp) {
        return new AddressException("network mismatch (expected hrp \"" + network.bech32Hrp() + "\" for "
                + network.name() + ", got \"" + AddressException.printable(gotHrp) + "\"" + knownAs(gotHrp) + ")");
    }

    /** Naming the network(s) an hrp belongs to turns "wrong prefix" into an actionable config hint. */
    private static String knownAs(String hrp) {
        StringJoiner users = new StringJoiner(", ", ", used by ", "").setEmptyValue("");
        for (Network other : Network.all()) {
            if (other.bech32Hrp().equals(hrp)) {
                users.add(other.name());
            }
        }
        return users.toString();
    }

    /** The hrp of a string that is a well-formed bech32 string or starts like a known network's segwit address. */
    private static String foreignBech32Hrp(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        for (Network other : Network.all()) {
            if (lower.startsWith(other.bech32Hrp() + "1")) {
                return other.bech32Hrp();
            }
        }
        try {
            return Bech32.decode(address).hrp();
        } catch (AddressException notBech32) {
            return null;
        }
    }

    private static Address parseBase58(String address, Network network) {
        byte[] payload = Base58.decodeChecked(address);
        if (payload.length != 1 + HASH160_LENGTH) {
            throw new AddressException("base58 payload must be 21 bytes (version byte + 20-byte hash), got "
                    + payload.length);
        }
        int version = payload[0] & 0xff;
        byte[] hash = Arrays.copyOfRange(payload, 1, payload.length);
        if (version == network.p2pkhVersion()) {
            return new Address(address, network, AddressType.P2PKH, p2pkhScript(hash));
        }
        if (version == network.p2shVersion()) {
            return new Address(address, network, AddressType.P2SH, p2shScript(hash));
        }
        throw new AddressException(String.format("wrong base58 version byte 0x%02x for %s (expected 0x%02x for P2PKH"
                + " or 0x%02x for P2SH)", version, network.name(), network.p2pkhVersion(), network.p2shVersion()));
    }

    private static byte[] p2pkhScript(byte[] hash) {
        byte[] script = new byte[25];
        script[0] = (byte) OP_DUP;
        script[1] = (byte) OP_HASH160;
        script[2] = HASH160_LENGTH;
        System.arraycopy(hash, 0, script, 3, HASH160_LENGTH);
        script[23] = (byte) OP_EQUALVERIFY;
        script[24] = (byte) OP_CHECKSIG;
        return script;
    }

    private static byte[] p2shScript(byte[] hash) {
        byte[] script = new byte[23];
        script[0] = (byte) OP_HASH160;
        script[1] = HASH160_LENGTH;
        System.arraycopy(hash, 0, script, 2, HASH160_LENGTH);
        script[22] = (byte) OP_EQUAL;
        return script;
    }
}
