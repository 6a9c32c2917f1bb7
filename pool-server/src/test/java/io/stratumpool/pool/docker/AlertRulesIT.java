package io.stratumpool.pool.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stratumpool.pool.testing.ExternalTool;
import io.stratumpool.pool.testing.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerting rules: valid for Prometheus ({@code promtool check rules}, and
 * {@code promtool check config} finds them through prometheus.yml), cover what an operator must
 * hear about, and reach the container where prometheus.yml looks for them.
 */
class AlertRulesIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final List<String> REQUIRED = List.of("PoolDown", "TemplateStale", "TemplateSourceDown", "NodeDown", "BlockRejected",
            "JobProposalRejected", "ShareRateDropped", "MinersDropped", "LedgerStoreDown", "LedgerLagging", "LedgerQueueBacklog",
            "NotifyFanoutSlow", "PayoutsStalled", "PayoutWalletErrors", "PayoutBroadcastRefused", "PayoutUnconfirmed");

    @Test
    void promtoolAcceptsTheRulesAndTheConfigThatLoadsThem() throws Exception {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        String rules = run(promtool.toString(), "check", "rules", RepoFiles.path("docker/prometheus/alerts.yml").toString());
        assertTrue(rules.contains("SUCCESS: " + REQUIRED.size() + " rules found"), rules);
        String config = run(promtool.toString(), "check", "config", RepoFiles.path("docker/prometheus/prometheus.yml").toString());
        assertTrue(config.contains("SUCCESS: 1 rule files found"), config);
    }

    @Test
    void everyRequiredAlertIsThereWithASeverityAndASummary() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : YAML.readTree(RepoFiles.path("docker/prometheus/alerts.yml").toFile()).path("groups").get(0).path("rules")) {
            names.add(rule.path("alert").asText());
            assertTrue(rule.path("labels").path("severity").asText().matches("critical|warning"), rule::toString);
            assertTrue(!rule.path("annotations").path("summary").asText().isBlank(), rule::toString);
        }
        assertEquals(REQUIRED, names);
    }

    @Test
    void composeMountsTheRulesWherePrometheusYmlLooks() throws Exception {
        JsonNode prometheus = YAML.readTree(RepoFiles.path("docker/prometheus/prometheus.yml").toFile());
        assertEquals("alerts.yml", prometheus.path("rule_files").get(0).asText());
        String volumes = YAML.readTree(RepoFiles.path("docker/docker-compose.yml").toFile())
                .path("services").path("prometheus").path("volumes").toString();
        assertTrue(volumes.contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro")
                && volumes.contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro"), volumes);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
