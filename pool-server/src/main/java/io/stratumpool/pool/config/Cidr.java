package io.stratumpool.pool.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a /32 (/128). */
public record Cidr(byte[] network, int prefixLength) {

    /** Parses an IP literal with an optional {@code /prefix}; never resolves names. */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("\"" + text + "\" (expected: an IP address or CIDR such as 10.0.0.0/8)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" (expected: an IP address or CIDR such as 10.0.0.0/8)");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("\"" + text + "\" (expected: a prefix length 0.." + bytes.length * 8 + ")");
            }
        }
        return new Cidr(bytes, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }
}
