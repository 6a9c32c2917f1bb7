package io.stratumpool.pool.stratum;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.validator.Job;
import java.math.BigDecimal;
import java.util.List;

/**
 * Builds the lines the pool writes. Every success reply carries {@code "error":null} (NiceHash
 * requires it) and every error reply {@code "result":null} with the array form of the error.
 */
public final class StratumMessages {
    private StratumMessages() {
    }

    public static String result(String id, String resultJson) {
        return "{\"id\":" + id + ",\"result\":" + resultJson + ",\"error\":null}\n";
    }

    public static String error(String id, StratumError error) {
        return "{\"id\":" + id + ",\"result\":null,\"error\":" + error.toJson() + "}\n";
    }

    public static String notification(String method, String paramsJson) {
        return "{\"id\":null,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}\n";
    }

    public static String setDifficulty(double difficulty) {
        return notification("mining.set_difficulty", "[" + number(difficulty) + "]");
    }

    public static String setExtranonce(String extranonce1Hex, int extranonce2Size) {
        return notification("mining.set_extranonce", "[\"" + extranonce1Hex + "\"," + extranonce2Size + "]");
    }

    public static String setVersionMask(long mask) {
        return notification("mining.set_version_mask", "[\"" + String.format("%08x", mask) + "\"]");
    }

    /** {@code client.reconnect} with empty params: reconnect to the same host and port. */
    public static String reconnect() {
        return notification("client.reconnect", "[]");
    }

    public static String reconnect(String host, int port, int waitSeconds) {
        return notification("client.reconnect", "[" + quote(host) + "," + port + "," + waitSeconds + "]");
    }

    public static String showMessage(String text) {
        return notification("client.show_message", "[" + quote(text) + "]");
    }

    /** The {@code mining.notify} line for a job (its id is the entry's: one piece of work may go out under several). */
    public static String notify(JobEntry entry, boolean clean) {
        Job job = entry.job();
        return notify(entry.jobId(), job.prevHashStratum(), job.coinbase().coinb1Hex(), job.coinbase().coinb2Hex(),
                job.merkleBranchHex(), job.versionHex(), job.nBitsHex(), job.nTimeHex(), clean);
    }

    static String notify(String jobId, String prevHash, String coinb1, String coinb2, List<String> merkleBranch,
            String version, String nBits, String nTime, boolean clean) {
        StringBuilder sb = new StringBuilder(512 + 70 * merkleBranch.size());
        sb.append("{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"").append(jobId).append("\",\"")
                .append(prevHash).append("\",\"").append(coinb1).append("\",\"").append(coinb2).append("\",[");
        for (int i = 0; i < merkleBranch.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(merkleBranch.get(i)).append('"');
        }
        return sb.append("],\"").append(version).append("\",\"").append(nBits).append("\",\"").append(nTime)
                .append("\",").append(clean).append("]}\n").toString();
    }

    /** A JSON string literal for the text (quotes and escapes): every string the pool writes goes through here. */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, sb);
        return sb.append('"').toString();
    }

    /** A difficulty as a plain JSON number without exponent (some firmware parses numbers by hand). */
    public static String number(double value) {
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
    }
}
