package io.stratumpool.pool.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The miners' web pages ({@code /}, {@code /users/{user}}, {@code /blocks}) and their assets
 * ({@code /assets/…}), read once from the jar's {@code /web/} folder. A page is a shell the
 * browser fills from the JSON API of the same origin; the server only puts in the title and,
 * on a user's page, the escaped name and whether the pool knows it yet.
 */
final class WebPages {
    static final String ROOT = "/web/";
    /** Every asset, by the name under {@code /assets/}, with its media type. */
    static final Map<String, String> ASSETS = Map.of(
            "app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");
    private static final String HTML = "text/html; charset=utf-8";
    // Pages change with the pool's state only through the API, but a new jar may change them.
    private static final String PAGE_CACHE = "no-cache";
    private static final String ASSET_CACHE = "public, max-age=300";

    private static final String LAYOUT = text("layout.html");
    private static final Map<String, String> BODIES = Map.of(
            "index", text("index.html"), "user", text("user.html"), "blocks", text("blocks.html"),
            "missing", text("missing.html"));
    private static final Map<String, ApiResponse.Content> ASSET_CONTENT = assets();

    private WebPages() {
    }

    static ApiResponse index() {
        return page(200, "index", "Pool", Map.of());
    }

    static ApiResponse blocks() {
        return page(200, "blocks", "Blocks", Map.of());
    }

    /**
     * A user's page; while the pool has never seen the user it says so in words (status 200, so a
     * browser shows it as a page and can keep watching for the first connection).
     */
    static ApiResponse user(String user, boolean known) {
        return page(200, "user", user, Map.of("user", user, "known", String.valueOf(known),
                "unknownHidden", known ? "hidden" : "", "knownHidden", known ? "" : "hidden"));
    }

    /** The look-up form without script ({@code /users?u=NAME}) lands on the user's page. */
    static ApiResponse lookUp(String user) {
        String path = "/users/" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20");
        byte[] body = ("See " + path + "\n").getBytes(StandardCharsets.UTF_8);
        return ApiResponse.content(303, new ApiResponse.Content(body, "text/plain; charset=utf-8", PAGE_CACHE, null, false,
                path));
    }

    static ApiResponse badUserName(String user) {
        return page(400, "missing", "Not a user name", Map.of("message", "“" + user + "” is not a user name or address: "
                + "use letters, digits and . _ @ + - (at most 128)."));
    }

    static ApiResponse notFound(String path) {
        return page(404, "missing", "Not found", Map.of("message", "There is no page " + path + " on this pool."));
    }

    /** An asset, or null when there is none of that name. */
    static ApiResponse asset(String name) {
        ApiResponse.Content c = ASSET_CONTENT.get(name);
        return c == null ? null : ApiResponse.content(200, c);
    }

    /** Bytes of every asset together (the budget is 300 KiB). */
    static long assetBytes() {
        return ASSET_CONTENT.values().stream().mapToLong(c -> c.body().length).sum();
    }

    private static ApiResponse page(int status, String name, String title, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put("title", title);
        all.put("page", name);
        all.putIfAbsent("user", "");
        all.putIfAbsent("known", "");
        String html = LAYOUT.replace("{{main}}", BODIES.get(name));
        for (var e : all.entrySet()) {
            html = html.replace("{{" + e.getKey() + "}}", escape(e.getValue()));
        }
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        return ApiResponse.content(status, new ApiResponse.Content(body, HTML, PAGE_CACHE, null, true));
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, ApiResponse.Content> assets() {
        Map<String, ApiResponse.Content> out = new LinkedHashMap<>();
        ASSETS.forEach((name, type) -> {
            byte[] body = bytes("assets/" + name);
            out.put(name, new ApiResponse.Content(body, type, ASSET_CACHE, etag(body), false));
        });
        return Map.copyOf(out);
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = WebPages.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException(ROOT + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
