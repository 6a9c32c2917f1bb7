package io.stratumpool.pool.api;

import io.stratumpool.pool.accounting.AccountQueries;
import io.stratumpool.pool.accounting.HashrateEstimate;
import io.stratumpool.pool.accounting.HashrateTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers about one user: known as soon as one of its workers is connected (before any share),
 * and every worker listed whether it has shares, a connection or both.
 */
final class ApiUsers {
    private final ApiSources sources;

    ApiUsers(ApiSources sources) {
        this.sources = sources;
    }

    /** True when the pool has a live connection, a recent share or any stored record of the user. */
    boolean isKnown(String user, Map<String, LiveStats.LiveWorker> live, Set<String> online) {
        return !live.isEmpty() || !online.isEmpty() || sources.hashrate().user(user).isPresent()
                || sources.accounts().isKnown(user);
    }

    ApiViews.User user(String user, Map<String, LiveStats.LiveWorker> live, Set<String> online) {
        long since = live.values().stream().mapToLong(LiveStats.LiveWorker::connectedSinceMillis).min().orElse(Long.MAX_VALUE);
        double difficulty = live.values().stream().mapToDouble(LiveStats.LiveWorker::difficulty).max().orElse(0);
        List<HashrateEstimate> hashrate = sources.hashrate().user(user, since, difficulty);
        var balance = sources.accounts().balance(user);
        Set<String> names = new TreeSet<>(online);
        names.addAll(live.keySet());
        return new ApiViews.User(user, hashrate, names.size(), balance.map(AccountQueries.Balance::balance).orElse(0L),
                balance.map(AccountQueries.Balance::paid).orElse(0L));
    }

    /** Every worker with a share in the last 24 h or a connection now, sorted by name. */
    List<ApiViews.Worker> workers(String user, Map<String, LiveStats.LiveWorker> live, Set<String> online) {
        Set<String> names = new TreeSet<>(sources.hashrate().workers(user).keySet());
        names.addAll(live.keySet());
        names.addAll(online);
        Map<String, LiveStats.Firmware> firmware = sources.live().firmware(user);
        List<ApiViews.Worker> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(worker(user, name, live.get(name), online.contains(name) || live.containsKey(name), firmware.get(name)));
        }
        return out;
    }

    private ApiViews.Worker worker(String user, String name, LiveStats.LiveWorker live, boolean online,
            LiveStats.Firmware firmware) {
        long since = live == null ? Long.MAX_VALUE : live.connectedSinceMillis();
        HashrateTracker.WorkerHashrate h = sources.hashrate().worker(user, name, since, live == null ? 0 : live.difficulty());
        long lastShare = Math.max(h.lastShareMillis(), live == null ? Long.MIN_VALUE : live.lastShareMillis());
        LiveStats.Firmware fw = firmware != null ? firmware : live == null ? null : live.firmware();
        return new ApiViews.Worker(name, online, live == null ? null : ApiViews.time(live.connectedSinceMillis()),
                live == null ? 0 : live.connections(), live == null ? null : live.difficulty(),
                live == null ? 0 : live.accepted(), live == null ? 0 : live.rejected(), live == null ? 0 : live.stale(),
                live == null ? 0 : live.bestShare(),
                ApiViews.time(lastShare), h.hashrate(), fw == null ? null : fw.family(), fw == null ? null : fw.major(),
                fw == null ? null : fw.userAgent(), fw == null ? null : fw.protocol());
    }
}
