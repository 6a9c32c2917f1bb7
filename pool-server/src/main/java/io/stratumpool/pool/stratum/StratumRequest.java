package io.stratumpool.pool.stratum;

import java.util.List;

/**
 * One decoded Stratum line. {@code id} is the raw JSON of the request id (a number, a quoted string
 * or {@code null}) so replies echo it exactly as the miner sent it. {@code method} is null for a
 * line that is a response to a server request (a {@code client.get_version} reply). {@code params}
 * holds String, Long, Double, Boolean, null, or Jackson {@code JsonNode} for nested values.
 */
public record StratumRequest(String id, String method, List<Object> params) {
    public static final String NULL_ID = "null";

    public boolean hasId() {
        return !NULL_ID.equals(id);
    }

    public boolean isResponse() {
        return method == null;
    }

    public int paramCount() {
        return params.size();
    }

    /** The parameter as text when it is a string, otherwise null. */
    public String stringParam(int index) {
        return index < params.size() && params.get(index) instanceof String s ? s : null;
    }

    /** The parameter as a number when it is a number or numeric text, otherwise NaN. */
    public double numberParam(int index) {
        if (index >= params.size()) {
            return Double.NaN;
        }
        Object p = params.get(index);
        if (p instanceof Number n) {
            return n.doubleValue();
        }
        if (p instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
