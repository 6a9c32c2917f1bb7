package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The work of one {@code mining.notify}: params {@code [jobId, prevhash, coinb1, coinb2,
 * merkleBranch, version, nBits, nTime, cleanJobs]}. {@code prevHash} is in internal byte order,
 * already un-swapped from the Stratum notation.
 */
public record StratumJob(
        String jobId,
        Hash256 prevHash,
        byte[] coinb1,
        byte[] coinb2,
        List<byte[]> merkleBranch,
        long version,
        long nBits,
        long nTime,
        boolean cleanJobs) {

    public StratumJob {
        merkleBranch = List.copyOf(merkleBranch);
    }

    /** Parses notify params; throws {@link IllegalArgumentException} naming the first bad field. */
    public static StratumJob parse(JsonNode params) {
        if (params == null || !params.isArray() || params.size() < 9) {
            throw new IllegalArgumentException("mining.notify: expected 9 params, got " + params);
        }
        String jobId = text(params, 0, "job id");
        Hash256 prevHash = Hash256.fromStratumHex(hex(params, 1, "prevhash", 32));
        byte[] coinb1 = Hex.decode(hex(params, 2, "coinb1", -1));
        byte[] coinb2 = Hex.decode(hex(params, 3, "coinb2", -1));
        List<byte[]> branch = new ArrayList<>();
        JsonNode b = params.get(4);
        if (!b.isArray()) {
            throw new IllegalArgumentException("mining.notify: merkle branch is not an array: " + b);
        }
        for (JsonNode h : b) {
            branch.add(Hex.decode(checkHex(h.asText(), "merkle branch entry", 32)));
        }
        long version = uint32(params, 5, "version");
        long nBits = uint32(params, 6, "nbits");
        Target.ofCompact(nBits); // a malformed nBits is the pool's bug, so surface it here
        long nTime = uint32(params, 7, "ntime");
        return new StratumJob(jobId, prevHash, coinb1, coinb2, branch, version, nBits, nTime,
                params.get(8).asBoolean());
    }

    /**
     * The BIP34 height as ESP-Miner decodes it from coinb1: the scriptSig's first byte must be a
     * 1–4 byte push, read little-endian. Empty when it is anything else (OP_1..OP_16 at heights
     * 1..16, or a coinb1 too short to hold it): that firmware then rejects the whole notify.
     */
    public OptionalLong pushedHeight() {
        // version (4), input count (1), null prevout (36), scriptSig length (1), then the push
        int at = 4 + 1 + 36 + 1;
        if (coinb1.length <= at) {
            return OptionalLong.empty();
        }
        int length = coinb1[at] & 0xff;
        if (length < 1 || length > 4 || coinb1.length < at + 1 + length) {
            return OptionalLong.empty();
        }
        long height = 0;
        for (int i = length - 1; i >= 0; i--) {
            height = (height << 8) | (coinb1[at + 1 + i] & 0xff);
        }
        return OptionalLong.of(height);
    }

    public Target networkTarget() {
        return Target.ofCompact(nBits);
    }

    public String nTimeHex() {
        return String.format("%08x", nTime);
    }

    private static String text(JsonNode params, int index, String name) {
        JsonNode n = params.get(index);
        if (n == null || n.isNull() || n.asText().isEmpty()) {
            throw new IllegalArgumentException("mining.notify: empty " + name);
        }
        return n.asText();
    }

    private static String hex(JsonNode params, int index, String name, int bytes) {
        return checkHex(text(params, index, name), name, bytes);
    }

    private static String checkHex(String text, String name, int bytes) {
        if (!Hex.isHex(text) || (bytes > 0 && text.length() != 2 * bytes)) {
            throw new IllegalArgumentException("mining.notify: bad " + name + " \"" + JsonLines.abbreviate(text) + "\"");
        }
        return text;
    }

    private static long uint32(JsonNode params, int index, String name) {
        long v = Hex.parseUInt32(text(params, index, name));
        if (v < 0) {
            throw new IllegalArgumentException("mining.notify: " + name + " is not 8 hex digits: " + params.get(index));
        }
        return v;
    }
}
