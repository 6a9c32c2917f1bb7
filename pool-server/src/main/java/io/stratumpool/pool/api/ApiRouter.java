package io.stratumpool.pool.api;

import io.stratumpool.pool.accounting.AccountQueries;
import io.stratumpool.pool.block.BlockRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Maps a GET path to its answer; knows nothing of Netty. Blocking (database reads): call it off
 * the event loop. Paths: {@code /api/pool}, {@code /api/pool/history}, {@code /api/ports},
 * {@code /api/users/{user}}, {@code /api/users/{user}/workers}, {@code /api/users/{user}/history},
 * {@code /api/blocks}, {@code /api/payments} (lists take {@code ?limit=1..500&offset=0..}; histories
 * {@code ?hours=1..720}), {@code /api/openapi.json} (their description), {@code /health}, {@code /ready},
 * {@code /metrics}; and the web pages {@code /}, {@code /users/{user}}, {@code /blocks} with their
 * {@code /assets/…}. An unknown path under {@code /api} is a JSON 404, any other an HTML page.
 */
final class ApiRouter {
    static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    private static final int MAX_OFFSET = 100_000;
    private static final int DEFAULT_HOURS = 24;
    private static final int MAX_HOURS = 720;
    private static final double TWO_POW_32 = 4294967296.0;

    private final ApiSources sources;
    private final ApiUsers users;

    ApiRouter(ApiSources sources) {
        this.sources = sources;
        this.users = new ApiUsers(sources);
    }

    /** {@code path} is decoded, without the query; {@code params} holds the decoded query. */
    ApiResponse route(String method, String path, Map<String, List<String>> params) {
        String[] parts = path.length() > 1 && path.endsWith("/") ? split(path.substring(0, path.length() - 1)) : split(path);
        boolean known = isKnownPath(parts);
        boolean api = parts[0].equals("api");
        if (!known && api) {
            return ApiResponse.error(404, "not found", "path", path);
        }
        if (sources.isOperationsOnly() && parts.length > 1) {
            return ApiResponse.error(404, "not served by a stratum node (the accounting role serves the API)",
                    "path", path);
        }
        if (!"GET".equals(method)) {
            return ApiResponse.methodNotAllowed(method, path);
        }
        return known ? get(parts, params) : web(parts, path, params);
    }

    /** The web pages and their assets; any other path outside {@code /api} gets an HTML 404 page. */
    private ApiResponse web(String[] p, String path, Map<String, List<String>> params) {
        if (p.length == 1 && p[0].isEmpty()) {
            return WebPages.index();
        }
        if (p.length == 1 && p[0].equals("blocks")) {
            return WebPages.blocks();
        }
        // What a miner types may be its whole Stratum user name: the account is the part before the first dot.
        String lookUp = params.getOrDefault("u", List.of("")).get(0).trim().split("\\.", 2)[0];
        if (p.length == 1 && p[0].equals("users") && !lookUp.isEmpty()) {
            return USER_NAME.matcher(lookUp).matches() ? WebPages.lookUp(lookUp) : WebPages.badUserName(lookUp);
        }
        if (p.length == 2 && p[0].equals("users")) {
            if (!USER_NAME.matcher(p[1]).matches()) {
                return WebPages.badUserName(p[1]);
            }
            return WebPages.user(p[1], users.isKnown(p[1], sources.live().workers(p[1]), sources.live().onlineWorkers(p[1])));
        }
        ApiResponse asset = p.length == 2 && p[0].equals("assets") ? WebPages.asset(p[1]) : null;
        return asset != null ? asset : WebPages.notFound(path);
    }

    private static String[] split(String path) {
        return path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {path};
    }

    private static boolean isKnownPath(String[] p) {
        if (p.length == 1) {
            return Set.of("health", "ready", "metrics").contains(p[0]);
        }
        if (!p[0].equals("api")) {
            return false;
        }
        if (p.length == 2) {
            return Set.of("pool", "ports", "blocks", "payments", "openapi.json").contains(p[1]);
        }
        if (p.length == 3 && p[1].equals("pool")) {
            return p[2].equals("history");
        }
        return p[1].equals("users") && (p.length == 3 || (p.length == 4 && Set.of("workers", "history").contains(p[3])));
    }

    private ApiResponse get(String[] p, Map<String, List<String>> params) {
        return switch (p.length == 1 ? p[0] : p[1]) {
            case "health" -> ApiResponse.ok(Map.of("status", "up"));
            case "ready" -> ready();
            case "metrics" -> ApiResponse.text(sources.metrics().get());
            case "pool" -> p.length == 3 ? history(null, params) : ApiResponse.ok(pool());
            case "ports" -> ApiResponse.ok(new ApiViews.Ports(sources.live().ports()));
            case "openapi.json" -> ApiResponse.ok(OpenApi.document());
            case "blocks" -> paged(params, (offset, limit) -> {
                List<BlockRecord> rows = sources.blocks().recent(offset + limit + 1);
                List<ApiViews.Block> page = rows.subList(Math.min(offset, rows.size()), Math.min(offset + limit, rows.size()))
                        .stream().map(ApiViews.Block::of).toList();
                return ApiResponse.ok(new ApiViews.Blocks(page, page(offset, limit, rows.size() > offset + limit)));
            });
            case "payments" -> paged(params, (offset, limit) -> {
                List<AccountQueries.Payment> rows = sources.accounts().payments(null, limit + 1, offset);
                return ApiResponse.ok(new ApiViews.Payments(rows.stream().limit(limit).map(ApiViews.Payment::of).toList(),
                        page(offset, limit, rows.size() > limit)));
            });
            default -> user(p[2], p.length == 4 ? p[3] : "", params);
        };
    }

    private ApiResponse ready() {
        var r = new ApiViews.Ready(false, sources.databaseReachable().getAsBoolean(), sources.hasWork().getAsBoolean());
        boolean ready = r.database() && r.work();
        return new ApiResponse(ready ? 200 : 503, new ApiViews.Ready(ready, r.database(), r.work()), null, null);
    }

    private ApiViews.Pool pool() {
        List<BlockRecord> last = sources.blocks().recent(1);
        return new ApiViews.Pool(sources.live().connectedMiners(), sources.live().workersOnline(),
                sources.hashrate().activeUsers(), sources.payout().scheme().yamlName(), sources.payout().fee(),
                sources.hashrate().pool(), last.isEmpty() ? null : ApiViews.Block.of(last.get(0)),
                sources.live().network(), sources.live().ports());
    }

    private ApiResponse user(String user, String what, Map<String, List<String>> params) {
        if (!USER_NAME.matcher(user).matches()) {
            return ApiResponse.error(400, "bad user name", "user", user);
        }
        Map<String, LiveStats.LiveWorker> live = sources.live().workers(user);
        Set<String> online = sources.live().onlineWorkers(user);
        if (!users.isKnown(user, live, online)) {
            return ApiResponse.error(404, "unknown user", "user", user);
        }
        return switch (what) {
            case "workers" -> paged(params, (offset, limit) -> {
                List<ApiViews.Worker> all = users.workers(user, live, online);
                List<ApiViews.Worker> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
                return ApiResponse.ok(new ApiViews.Workers(user, page, page(offset, limit, all.size() > offset + limit)));
            });
            case "history" -> history(user, params);
            default -> ApiResponse.ok(users.user(user, live, online));
        };
    }

    /** Accepted work per hour over the last {@code ?hours=} hours, the current hour last and divided by its elapsed part. */
    private ApiResponse history(String user, Map<String, List<String>> params) {
        return withNumber(params, "hours", DEFAULT_HOURS, 1, MAX_HOURS, hours -> {
            Instant now = sources.clock().instant();
            List<ApiViews.Hour> out = sources.accounts().hourly(user, now.minus(Duration.ofHours(hours - 1L))).stream()
                    .map(h -> hour(h, now)).toList();
            return ApiResponse.ok(new ApiViews.History(user, out));
        });
    }

    private static ApiViews.Hour hour(AccountQueries.Hourly h, Instant now) {
        double seconds = Math.max(1, Math.min(3600, Duration.between(h.hour(), now).toMillis() / 1000.0));
        return new ApiViews.Hour(h.hour().toString(), h.shares(), h.difficulty(), seconds,
                h.difficulty() * TWO_POW_32 / seconds);
    }

    private static ApiViews.Page page(int offset, int limit, boolean more) {
        return new ApiViews.Page(offset, limit, more ? offset + limit : null);
    }

    /** {@code ?limit=1..500} (default 50) and {@code ?offset=0..100000} (default 0). */
    private static ApiResponse paged(Map<String, List<String>> params, PageFunction then) {
        return withNumber(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT,
                limit -> withNumber(params, "offset", 0, 0, MAX_OFFSET, offset -> then.apply(offset, limit)));
    }

    private interface PageFunction {
        ApiResponse apply(int offset, int limit);
    }

    private static ApiResponse withNumber(Map<String, List<String>> params, String name, int byDefault, int min, int max,
            IntFunction<ApiResponse> then) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.isEmpty()) {
            return then.apply(byDefault);
        }
        String v = values.get(0);
        if (!v.matches("[0-9]{1,6}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            return ApiResponse.error(400, "bad " + name + " (expected " + min + ".." + max + ")", name, v);
        }
        return then.apply(Integer.parseInt(v));
    }
}
