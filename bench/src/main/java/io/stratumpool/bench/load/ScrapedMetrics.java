package io.stratumpool.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads series from a pool process's Prometheus {@code /metrics} (here: the accounting role's). */
final class ScrapedMetrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    ScrapedMetrics(String url) {
        this.uri = URI.create(url);
    }

    /** The sum of every series of {@code name} (all label sets); -1 when the process does not answer. */
    double sum(String name) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    double lag() {
        return sum("cluster_consumer_lag_records");
    }

    double storedShares() {
        return sum("cluster_consumed_new_shares_total");
    }
}
