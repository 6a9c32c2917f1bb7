package io.stratumpool.pool.api;

import io.stratumpool.pool.block.BlockRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a GET path to its answer; knows nothing of Netty. Blocking (database reads): call it off
 * the event loop. Paths: {@code /api/pool}, {@code /api/users/{user}}, {@code /api/users/{user}/workers},
 * {@code /api/blocks}, {@code /api/payments} (both take {@code ?limit=1..500}), {@code /health},
 * {@code /ready}, {@code /metrics}.
 */
final class ApiRouter {
    static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final ApiSources sources;

    ApiRouter(ApiSources sources) {
        this.sources = sources;
    }

    /** {@code path} is decoded, without the query; {@code params} holds the decoded query. */
    ApiResponse route(String method, String path, Map<String, List<String>> params) {
        String[] parts = path.length() > 1 && path.endsWith("/") ? split(path.substring(0, path.length() - 1)) : split(path);
        boolean known = isKnownPath(parts);
        if (!known) {
            return ApiResponse.error(404, "not found", "path", path);
        }
        if (!"GET".equals(method)) {
            return ApiResponse.methodNotAllowed(method, path);
        }
        return get(parts, path, params);
    }

    private static String[] split(String path) {
        return path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {path};
    }

    private static boolean isKnownPath(String[] p) {
        if (p.length == 1) {
            return Set.of("health", "ready", "metrics").contains(p[0]);
        }
        if (p.length == 2 && p[0].equals("api")) {
            return Set.of("pool", "blocks", "payments").contains(p[1]);
        }
        return p[0].equals("api") && p[1].equals("users")
                && (p.length == 3 || (p.length == 4 && p[3].equals("workers")));
    }

    private ApiResponse get(String[] p, String path, Map<String, List<String>> params) {
        return switch (p.length == 1 ? p[0] : p[1]) {
            case "health" -> ApiResponse.ok(Map.of("status", "up"));
            case "ready" -> ready();
            case "metrics" -> ApiResponse.text(sources.metrics().get());
            case "pool" -> ApiResponse.ok(pool());
            case "blocks" -> withLimit(params, limit -> ApiResponse.ok(new ApiViews.Blocks(
                    sources.blocks().recent(limit).stream().map(ApiViews.Block::of).toList())));
            case "payments" -> withLimit(params, limit -> ApiResponse.ok(new ApiViews.Payments(
                    sources.accounts().payments(null, limit).stream().map(ApiViews.Payment::of).toList())));
            default -> user(p[2], p.length == 4);
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
                sources.hashrate().pool(), last.isEmpty() ? null : ApiViews.Block.of(last.get(0)));
    }

    private ApiResponse user(String user, boolean workers) {
        if (!USER_NAME.matcher(user).matches()) {
            return ApiResponse.error(400, "bad user name", "user", user);
        }
        var hashrate = sources.hashrate().user(user);
        if (hashrate.isEmpty() && !sources.accounts().isKnown(user)) {
            return ApiResponse.error(404, "unknown user", "user", user);
        }
        Set<String> online = sources.live().onlineWorkers(user);
        if (workers) {
            Map<String, LiveStats.Firmware> firmware = sources.live().firmware(user);
            return ApiResponse.ok(new ApiViews.Workers(user, sources.hashrate().workers(user).values().stream()
                    .map(w -> ApiViews.worker(w, online.contains(w.worker()), firmware.get(w.worker()))).toList()));
        }
        var balance = sources.accounts().balance(user);
        return ApiResponse.ok(new ApiViews.User(user, hashrate.orElse(List.of()), online.size(),
                balance.map(b -> b.balance()).orElse(0L), balance.map(b -> b.paid()).orElse(0L)));
    }

    private static ApiResponse withLimit(Map<String, List<String>> params, java.util.function.IntFunction<ApiResponse> then) {
        List<String> values = params.getOrDefault("limit", List.of());
        if (values.isEmpty()) {
            return then.apply(DEFAULT_LIMIT);
        }
        String v = values.get(0);
        if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > MAX_LIMIT) {
            return ApiResponse.error(400, "bad limit (expected 1.." + MAX_LIMIT + ")", "limit", v);
        }
        return then.apply(Integer.parseInt(v));
    }
}
