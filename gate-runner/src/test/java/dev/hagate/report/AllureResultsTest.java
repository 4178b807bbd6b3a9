package dev.hagate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagate.check.CheckResult;
import dev.hagate.probe.History;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureResultsTest {

    @TempDir
    Path runDir;

    private JsonNode onlyResult(Path results) throws Exception {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> found = files.filter(f -> f.toString().endsWith("-result.json")).toList();
            assertThat(found).hasSize(1);
            return new ObjectMapper().readTree(found.get(0).toFile());
        }
    }

    @Test
    void aScenarioBecomesOneTestWithPhaseStepsChecksLabelsAndItsTimeline() throws Exception {
        RunResult run = SampleRun.write(runDir, "r1", Duration.ofSeconds(3), true);
        Path results = AllureResults.write(run, SampleRun.plan(), runDir);
        JsonNode test = onlyResult(results);

        assertThat(test.get("name").asText()).isEqualTo("kill-galera-node");
        assertThat(test.get("status").asText()).isEqualTo("passed");
        assertThat(test.get("fullName").asText()).isEqualTo("hagate.gate.kill-galera-node");
        assertThat(test.get("steps")).extracting(s -> s.get("name").asText().split(":")[0])
                .containsExactly("warmup", "fault", "hold", "recover", "cooldown", "checks");
        JsonNode hold = test.get("steps").get(2);
        assertThat(hold.get("stop").asLong() - hold.get("start").asLong()).isEqualTo(15_000);
        assertThat(test.get("steps").get(5).get("steps").get(0).get("name").asText())
                .isEqualTo("max-outage(sql-writer): 3 s within 10 s");
        assertThat(test.get("labels").toString()).contains("{\"name\":\"epic\",\"value\":\"embedded\"}")
                .contains("{\"name\":\"feature\",\"value\":\"kill-galera-node\"}");
        assertThat(test.get("parameters").toString()).contains("change.commit").contains("abc123");

        JsonNode timeline = test.get("attachments").get(0);
        assertThat(timeline.get("type").asText()).isEqualTo("image/svg+xml");
        assertThat(Files.readString(results.resolve(timeline.get("source").asText()))).startsWith("<svg").contains("longest outage 3.00 s");
        assertThat(test.get("attachments")).extracting(a -> a.get("name").asText())
                .contains("history scenario.jsonl", "history sql-writer.jsonl", "log ctl1/mariadb.log");
    }

    @Test
    void aMissedSlaIsFailedAndTheCategoriesTellRegressionsFromBrokenLabs() throws Exception {
        RunResult run = SampleRun.write(runDir, "r1", Duration.ofSeconds(12), false);
        Path results = AllureResults.write(run, SampleRun.plan(), runDir);
        JsonNode test = onlyResult(results);
        assertThat(test.get("status").asText()).isEqualTo("failed");
        assertThat(test.get("statusDetails").get("message").asText()).contains("max-outage(sql-writer): 12 s exceeds 10 s");
        JsonNode categories = new ObjectMapper().readTree(results.resolve("categories.json").toFile());
        assertThat(categories.toString()).contains("\"name\":\"HA regression\"").contains("[\"failed\"]")
                .contains("\"name\":\"lab broke\"").contains("[\"broken\"]");
        assertThat(results.resolve("environment.properties")).content().contains("topology=embedded").contains("change.commit=abc123");
        assertThat(new ObjectMapper().readTree(results.resolve("executor.json").toFile()).get("buildName").asText()).isNotBlank();
    }

    @Test
    void aScenarioNotRunIsSkippedSayingWhy() throws Exception {
        RunResult sample = SampleRun.write(runDir, "r1", Duration.ofSeconds(12), false);
        ScenarioResult notRun = ScenarioResult.notRun("kill-galera-node", "because of the earlier failure of cut-rabbitmq-node,"
                + " after which the cloud could not be brought back (...)", runDir.resolve("kill-galera-node-not-run"));
        RunResult run = new RunResult(sample.runId(), sample.startedAt(), sample.duration(), sample.change(), sample.topology(),
                sample.plan(), sample.timings(), List.of(notRun), null, null);
        Path results = AllureResults.write(run, SampleRun.plan(), runDir);
        JsonNode test = onlyResult(results);
        assertThat(test.get("status").asText()).isEqualTo("skipped");
        assertThat(test.get("statusDetails").get("message").asText())
                .isEqualTo("not run because of the earlier failure of cut-rabbitmq-node, after which the cloud could not be brought back (...)");
        assertThat(test.get("labels").toString()).contains("{\"name\":\"feature\",\"value\":\"kill-galera-node\"}");
        JsonNode categories = new ObjectMapper().readTree(results.resolve("categories.json").toFile());
        assertThat(categories.toString()).contains("\"name\":\"not run\"").contains("[\"skipped\"]");
    }

    @Test
    void theTimelineMarksFailuresAndTheFaultWindow() throws Exception {
        SampleRun.write(runDir, "r1", Duration.ofSeconds(2), true);
        Path dir = runDir.resolve("kill-galera-node");
        String svg = TimelineSvg.render("kill", List.of(History.read(dir.resolve("scenario.jsonl")), History.read(dir.resolve("sql-writer.jsonl"))));
        assertThat(svg).contains("fill=\"#d93025\"").contains("fault in effect").contains("longest outage 2.00 s, 40 failed")
                .contains(">sql-writer<").contains(">scenario<");
    }

    @Test
    void theShareOfFailuresSitsBesideTheOutageAndALatencyStepCarriesItsMedian() throws Exception {
        RunResult sample = SampleRun.write(runDir, "r1", Duration.ofSeconds(3), true);
        ScenarioResult s = sample.scenarios().get(0);
        List<CheckResult> checks = List.of(s.checks().get(0),
                new CheckResult("failure-rate(sql-writer)", 1.25, 10, "%", true, "3 of 240 write operations failed ..."),
                new CheckResult("warmup-latency(sql-writer)", 12.5, 500, "ms", true, "p99 12.50 ms, p50 3.20 ms ...", Map.of("p50", 3.2)));
        RunResult run = new RunResult(sample.runId(), sample.startedAt(), sample.duration(), sample.change(), sample.topology(),
                sample.plan(), sample.timings(), List.of(new ScenarioResult(s.name(), s.startedAt(), s.duration(), s.fault(), s.recovery(),
                checks, null, s.historyDir())), null, null);
        JsonNode steps = onlyResult(AllureResults.write(run, SampleRun.plan(), runDir)).get("steps").get(5).get("steps");
        assertThat(steps).extracting(c -> c.get("name").asText()).containsExactly("max-outage(sql-writer): 3 s within 10 s",
                "failure-rate(sql-writer): 1.25 % within 10 %", "warmup-latency(sql-writer): 12.50 ms within 500 ms");
        assertThat(steps.get(2).get("parameters").toString()).contains("{\"name\":\"p50\",\"value\":\"3.20 ms\"}");

        JsonNode summary = RunReport.summary(run);
        JsonNode latency = summary.get("scenarios").get(0).get("checks").get(2);
        assertThat(latency.get("value").asDouble()).isEqualTo(12.5);
        assertThat(latency.get("unit").asText()).isEqualTo("ms");
        assertThat(latency.get("figures").get("p50").asDouble()).isEqualTo(3.2);
        assertThat(summary.get("scenarios").get(0).get("checks").get(1).has("figures")).isFalse();
        assertThat(RunReport.figures(checks.get(2))).isEqualTo("p50 3.20 ms");
    }
}
