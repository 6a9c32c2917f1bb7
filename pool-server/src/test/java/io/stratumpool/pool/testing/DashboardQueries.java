package io.stratumpool.pool.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PromQL of a Grafana dashboard JSON: every {@code targets[].expr}, in rows or not, ready to evaluate. */
public final class DashboardQueries {
    /** The dashboard's {@code instance} variable set to "All" (its allValue): every scraped process. */
    static final String ALL_INSTANCES = ".*";

    private DashboardQueries() {
    }

    /** One panel's query: its title (for messages) and its PromQL with Grafana's variables replaced. */
    public record Query(String panel, String expr) {
    }

    /**
     * Every expression of the dashboard, with {@code $__rate_interval} and {@code $__interval} set to
     * {@code rateInterval} (Grafana derives them from the scrape interval; a test picks them) and
     * {@code $instance} to all instances. An
     * expression with any other variable fails: the test could not evaluate what Grafana would run.
     */
    public static List<Query> read(Path dashboard, String rateInterval) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
        List<Query> out = new ArrayList<>();
        collect(root.path("panels"), rateInterval, out);
        return out;
    }

    private static void collect(JsonNode panels, String rateInterval, List<Query> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(new Query(panel.path("title").asText(), substitute(target.get("expr").asText(), rateInterval)));
                }
            }
            collect(panel.path("panels"), rateInterval, out); // a collapsed row holds its panels
        }
    }

    static String substitute(String expr, String rateInterval) {
        String concrete = expr.replace("$__rate_interval", rateInterval).replace("${__rate_interval}", rateInterval)
                .replace("$__interval", rateInterval).replace("${__interval}", rateInterval)
                .replace("$instance", ALL_INSTANCES).replace("${instance}", ALL_INSTANCES);
        if (concrete.contains("$")) {
            throw new IllegalArgumentException("unknown Grafana variable in " + expr);
        }
        return concrete;
    }
}
