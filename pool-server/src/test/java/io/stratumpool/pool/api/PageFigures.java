package io.stratumpool.pool.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the figures the pages print ("417 kH/s", "0.0005", "1.00 P") and compares them with the API's, collecting differences. */
final class PageFigures {
    private static final Pattern RATE = Pattern.compile("([0-9.]+) ([kMGTPEZ]?)H/s");
    private static final Pattern NUMBER = Pattern.compile("([0-9.]+(?:e[-+]?[0-9]+)?) ?([kMGTPEZ]?)");
    private static final String SI = "kMGTPEZ";

    private PageFigures() {
    }

    static double rate(String text) {
        Matcher m = RATE.matcher(text);
        assertTrue(m.find(), "a hashrate: " + text);
        return Double.parseDouble(m.group(1)) * Math.pow(1000, SI.indexOf(m.group(2)) + 1);
    }

    static double number(String text) {
        Matcher m = NUMBER.matcher(text.trim());
        assertTrue(m.matches(), "a number: " + text);
        return Double.parseDouble(m.group(1)) * (m.group(2).isEmpty() ? 1 : Math.pow(1000, SI.indexOf(m.group(2)) + 1));
    }

    static long satoshis(String btc) {
        assertTrue(btc.matches("[0-9]+\\.[0-9]{8} BTC"), btc);
        return Long.parseLong(btc.replace(" BTC", "").replace(".", ""));
    }

    static JsonNode window(JsonNode hashrate, String label) {
        for (JsonNode w : hashrate) {
            if (w.get("window").asText().equals(label)) {
                return w;
            }
        }
        throw new AssertionError("no window " + label + " in " + hashrate);
    }

    static void same(List<String> problems, String what, Object api, Object page) {
        if (!api.equals(page)) {
            problems.add(what + ": API " + api + ", page " + page);
        }
    }

    static void near(List<String> problems, String what, double api, double page) {
        if (Math.abs(api - page) > 1e-3 * Math.abs(api)) {
            problems.add(what + ": API " + api + ", page " + page);
        }
    }

    /** The page's rate, rounded to three digits, lies within the API's 95 % interval. */
    static void within(List<String> problems, String what, JsonNode window, double page) {
        double lower = window.get("lower").asDouble() * 0.995;
        double upper = window.get("upper").asDouble() * 1.005;
        if (page < lower || page > upper) {
            problems.add(what + ": page " + page + " outside the API's interval " + window);
        }
    }
}
