package dev.hagate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagate.TestFiles;
import dev.hagate.check.CheckResult;
import dev.hagate.history.History;
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
        String svg = TimelineSvg.render("kill", List.of(History.read(dir.resolve("scenario.jsonl")), History.read(dir.resolve("sql-writer.jsonl"))),
                SampleRun.PACES);
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

    /** SampleRun with the stage times a real run records, and the rendered configuration GateRun keeps. */
    private RunResult sampleRunWithStages() throws Exception {
        RunResult sample = SampleRun.write(runDir, "r1", Duration.ofSeconds(3), true);
        TestFiles.write(runDir.resolve("config/ctl1/etc/haproxy"), "haproxy.cfg", "listen galera\n");
        return new RunResult(sample.runId(), sample.startedAt(), sample.duration(), sample.change(), sample.topology(), sample.plan(),
                Map.of("labUpMs", 900L, "deployMs", 60_000L, "scenariosMs", 29_000L, "labDownMs", 2_000L), sample.scenarios(),
                null, null);
    }

    private static JsonNode onlyContainer(Path results) throws Exception {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> found = files.filter(f -> f.toString().endsWith("-container.json")).toList();
            assertThat(found).hasSize(1);
            return new ObjectMapper().readTree(found.get(0).toFile());
        }
    }

    @Test
    void labUpDeployAndLabDownAreFixturesOfEveryTest_andTheConfigurationIsAttachedOnceToDeploy() throws Exception {
        Path results = AllureResults.write(sampleRunWithStages(), SampleRun.plan(), runDir);
        JsonNode test = onlyResult(results);
        JsonNode container = onlyContainer(results);

        assertThat(container.get("children")).extracting(JsonNode::asText).containsExactly(test.get("uuid").asText());
        assertThat(container.get("befores")).extracting(f -> f.get("name").asText()).containsExactly("lab up", "deploy");
        assertThat(container.get("afters")).extracting(f -> f.get("name").asText()).containsExactly("lab down");
        JsonNode deploy = container.get("befores").get(1);
        assertThat(deploy.get("status").asText()).isEqualTo("passed");
        assertThat(deploy.get("start").asLong()).isEqualTo(SampleRun.T0.toEpochMilli() + 900);
        assertThat(deploy.get("stop").asLong() - deploy.get("start").asLong()).isEqualTo(60_000);
        JsonNode config = deploy.get("attachments").get(0);
        assertThat(config.get("name").asText()).isEqualTo("config ctl1/etc/haproxy/haproxy.cfg");
        assertThat(results.resolve(config.get("source").asText())).content().isEqualTo("listen galera\n");
        assertThat(test.get("attachments")).extracting(a -> a.get("name").asText()).noneMatch(name -> name.startsWith("config "));
    }

    @Test
    void aCiBuildNamedOnTheCommandLineIsTheExecutor_andEveryTestLinksToTheChangeAndTheBuild() throws Exception {
        CiBuild zuul = new CiBuild("Zuul", "https://zuul.example.org/t/openstack", "7f3c9e", null,
                "https://zuul.example.org/t/openstack/build/7f3c9e", "https://review.example.org/c/openstack/keystone/+/12345");
        Path results = AllureResults.write(sampleRunWithStages(), SampleRun.plan(), runDir, zuul);

        JsonNode executor = new ObjectMapper().readTree(results.resolve("executor.json").toFile());
        assertThat(executor.get("name").asText()).isEqualTo("Zuul");
        assertThat(executor.get("type").asText()).isEqualTo("zuul");
        assertThat(executor.get("buildName").asText()).isEqualTo("7f3c9e");
        assertThat(executor.get("buildUrl").asText()).isEqualTo("https://zuul.example.org/t/openstack/build/7f3c9e");
        assertThat(executor.get("url").asText()).isEqualTo("https://zuul.example.org/t/openstack");
        assertThat(executor.has("buildOrder")).isFalse();
        assertThat(onlyResult(results).get("links").toString())
                .contains("{\"name\":\"change\",\"url\":\"https://review.example.org/c/openstack/keystone/+/12345\",\"type\":\"link\"}")
                .contains("{\"name\":\"build 7f3c9e\",\"url\":\"https://zuul.example.org/t/openstack/build/7f3c9e\",\"type\":\"link\"}");
    }

    @Test
    void withoutACiBuildTheRunIsLocal_whateverTheEnvironmentSays() throws Exception {
        Path results = AllureResults.write(sampleRunWithStages(), SampleRun.plan(), runDir);

        JsonNode executor = new ObjectMapper().readTree(results.resolve("executor.json").toFile());
        assertThat(executor.get("type").asText()).isEqualTo("local");
        assertThat(executor.get("buildName").asText()).isEqualTo("r1");
        assertThat(onlyResult(results).get("links")).isEmpty();
    }
}
