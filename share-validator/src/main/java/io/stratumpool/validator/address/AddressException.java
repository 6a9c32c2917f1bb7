package io.stratumpool.validator.address;

/** A string that is not a valid address (or encoding) for the requested network; the message names the problem. */
public final class AddressException extends IllegalArgumentException {

    /** Hostile input may be megabytes long or full of control characters; never echo more than this. */
    static final int MAX_ECHOED_CHARS = 100;

    private final String problem;

    /** For codec errors, where no address is known yet. */
    AddressException(String problem) {
        super(problem);
        this.problem = problem;
    }

    /** For errors about a given address string; the message quotes it (truncated and escaped). */
    AddressException(String address, String problem, Throwable cause) {
        super("address \"" + printable(address) + "\": " + problem, cause);
        this.problem = problem;
    }

    /** The problem alone, without the quoted address: for messages that already name the input. */
    public String problem() {
        return problem;
    }

    /** Renders untrusted text safe to log: printable ASCII kept, anything else escaped, long input cut. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(text.length(), MAX_ECHOED_CHARS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > end) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** Describes one character for a message: {@code 'b'} when printable, {@code U+0020} otherwise. */
    static String describe(char c) {
        return c > 0x20 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
