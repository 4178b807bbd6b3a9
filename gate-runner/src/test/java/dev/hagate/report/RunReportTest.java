package dev.hagate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagate.check.CheckResult;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class RunReportTest {

    @TempDir
    Path reports;

    private RunResult run() {
        return new RunResult("20261122-101500-abcd", Instant.parse("2026-11-22T10:15:00Z"),
            Duration.ofSeconds(80), Map.of("project", "hagate-deployment", "commit", "0e8afea"), "embedded", "gate",
            Map.of("labUpMs", 900L), List.of(new ScenarioResult("kill-galera-node", Instant.parse("2026-11-22T10:16:00Z"),
            Duration.ofSeconds(40), "SIGKILL mariadbd on ctl1", "ctl1 Synced",
            List.of(new CheckResult("max-outage(sql-writer)", 12.5, 10, "s", false, "longest outage began ..."),
                    new CheckResult("lost-writes(sql-writer)", Double.NaN, 0, "writes", false, "the final read failed <&>")),
            null, reports.resolve("runs/x/kill-galera-node"))), null, null);
    }

    private Path write() {
        RunResult run = run();
        Path runDir = reports.resolve("runs").resolve(run.runId());
        RunReport.write(run, runDir, reports);
        return runDir;
    }

    @Test
    void summaryHasTheVerdictTheChangeAndEveryCheck() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(write().resolve("summary.json").toFile());
        assertThat(summary.get("verdict").asText()).isEqualTo("fail");
        assertThat(summary.get("vote").asText()).isEqualTo("-1");
        assertThat(summary.get("change").get("commit").asText()).isEqualTo("0e8afea");
        assertThat(summary.get("startedAt").asText()).isEqualTo("2026-11-22T10:15:00Z");
        assertThat(summary.get("durationMs").asLong()).isEqualTo(80_000);
        JsonNode scenario = summary.get("scenarios").get(0);
        assertThat(scenario.get("name").asText()).isEqualTo("kill-galera-node");
        assertThat(scenario.get("verdict").asText()).isEqualTo("fail");
        JsonNode outage = scenario.get("checks").get(0);
        assertThat(outage.get("value").asDouble()).isEqualTo(12.5);
        assertThat(outage.get("limit").asDouble()).isEqualTo(10);
        assertThat(outage.get("passed").asBoolean()).isFalse();
        assertThat(scenario.get("checks").get(1).get("value").isNull()).isTrue();
    }

    @Test
    void junitXmlIsReadableAndCountsFailures() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(write().resolve("junit.xml").toFile());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("kill-galera-node");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(xml.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue())
                .isEqualTo("12.50 s exceeds the limit of 10 s");
        assertThat(xml.getElementsByTagName("failure").item(1).getTextContent()).isEqualTo("the final read failed <&>");
    }

    /** The sample run, followed by a scenario that did not run because the first left the cloud broken. */
    private Path writeWithOneNotRun() {
        RunResult first = run();
        List<ScenarioResult> scenarios = List.of(first.scenarios().get(0), ScenarioResult.notRun("cut-rabbitmq-node",
                "because of the earlier failure of kill-galera-node, after which the cloud could not be brought back (...)",
                reports.resolve("runs/x/cut-rabbitmq-node")));
        RunResult run = new RunResult(first.runId(), first.startedAt(), first.duration(), first.change(), first.topology(),
                first.plan(), first.timings(), scenarios, null, null);
        Path runDir = reports.resolve("runs").resolve(run.runId());
        RunReport.write(run, runDir, reports);
        return runDir;
    }

    @Test
    void aScenarioNotRunIsInTheSummarySayingWhyAndTheRunStillFails() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(writeWithOneNotRun().resolve("summary.json").toFile());
        assertThat(summary.get("verdict").asText()).isEqualTo("fail");
        assertThat(summary.get("exitCode").asInt()).isEqualTo(1);
        JsonNode notRun = summary.get("scenarios").get(1);
        assertThat(notRun.get("name").asText()).isEqualTo("cut-rabbitmq-node");
        assertThat(notRun.get("verdict").asText()).isEqualTo("not-run");
        assertThat(notRun.get("notRun").asText()).startsWith("because of the earlier failure of kill-galera-node");
        assertThat(notRun.get("checks")).isEmpty();
    }

    @Test
    void aScenarioNotRunIsASkippedJunitCase() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(writeWithOneNotRun().resolve("junit.xml").toFile());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(1);
        assertThat(suite.getAttribute("name")).isEqualTo("cut-rabbitmq-node");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(xml.getElementsByTagName("skipped").item(0).getAttributes().getNamedItem("message").getNodeValue())
                .startsWith("not run because of the earlier failure of kill-galera-node");
    }

    @Test
    void latestPointsAtTheNewestRun() throws Exception {
        Path runDir = write();
        assertThat(Files.isSymbolicLink(reports.resolve("latest"))).isTrue();
        assertThat(reports.resolve("latest").toRealPath()).isEqualTo(runDir.toRealPath());
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    /** SampleRun's scenario with a second check, of the whole scenario rather than of one probe. */
    private RunResult sampleRunWithRecoveryCheck(Path runDir) throws Exception {
        RunResult sample = SampleRun.write(runDir, "r1", Duration.ofSeconds(3), true);
        ScenarioResult s = sample.scenarios().get(0);
        List<CheckResult> checks = List.of(s.checks().get(0), new CheckResult("recovery-time", 3.9, 90, "s", true, "Synced\u0001 again"));
        ScenarioResult withRecovery = new ScenarioResult(s.name(), s.startedAt(), s.duration(), s.fault(), s.recovery(), checks,
                s.labError(), s.historyDir());
        return new RunResult(sample.runId(), sample.startedAt(), sample.duration(), sample.change(), sample.topology(), sample.plan(),
                sample.timings(), List.of(withRecovery), null, null);
    }

    @Test
    void junitCasesAreGroupedByPlanAndScenarioAndTimedByTheEvidenceEachJudged() throws Exception {
        Path runDir = reports.resolve("runs/r1");
        RunReport.write(sampleRunWithRecoveryCheck(runDir), runDir, reports);

        Document xml = parse(runDir.resolve("junit.xml"));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-11-22T10:00:00");
        assertThat(suite.getAttribute("time")).isEqualTo("29.000");
        Element outage = (Element) xml.getElementsByTagName("testcase").item(0);
        Element recovery = (Element) xml.getElementsByTagName("testcase").item(1);
        assertThat(outage.getAttribute("classname")).isEqualTo("hagate.gate.kill-galera-node");
        assertThat(outage.getAttribute("name")).isEqualTo("max-outage(sql-writer)");
        // The probe wrote from 0 ms until its last write completed at 28,954 ms.
        assertThat(outage.getAttribute("time")).isEqualTo("28.954");
        // A check of the whole scenario: the scenario's own phases, 0 to 29 s.
        assertThat(recovery.getAttribute("classname")).isEqualTo("hagate.gate.kill-galera-node");
        assertThat(recovery.getAttribute("time")).isEqualTo("29.000");
        assertThat(outage.getElementsByTagName("system-out").item(0).getTextContent())
                .isEqualTo("timeline: kill-galera-node/timeline.svg\nhistories: kill-galera-node/sql-writer.jsonl");
        assertThat(recovery.getElementsByTagName("system-out").item(0).getTextContent())
                .isEqualTo("timeline: kill-galera-node/timeline.svg\nhistories: kill-galera-node/scenario.jsonl");
        assertThat(runDir.resolve("kill-galera-node/timeline.svg")).content().startsWith("<svg").contains("sql-writer");
    }

    @Test
    void junitXmlDropsCharactersXmlCannotHoldAndCountsEveryCase() throws Exception {
        Path runDir = reports.resolve("runs/r1");
        RunReport.write(sampleRunWithRecoveryCheck(runDir), runDir, reports);

        String text = Files.readString(runDir.resolve("junit.xml"));
        assertThat(text).doesNotContain("\u0001").startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Element root = parse(runDir.resolve("junit.xml")).getDocumentElement();
        assertThat(root.getAttribute("name")).isEqualTo("hagate.gate");
        assertThat(root.getAttribute("tests")).isEqualTo("2");
        assertThat(root.getAttribute("failures")).isEqualTo("0");
    }

    @Test
    void aBrokenDeploymentIsOneFailedCaseOfItsOwn() throws Exception {
        RunResult broken = new RunResult("r2", Instant.parse("2026-11-22T10:15:00Z"), Duration.ofSeconds(80), Map.of(), "embedded",
                "gate", Map.of("labUpMs", 900L, "deployMs", 61_250L), List.of(), "galera: ctl2 did not join", null);
        Path runDir = reports.resolve("runs/r2");
        RunReport.write(broken, runDir, reports);

        Element deploy = (Element) parse(runDir.resolve("junit.xml")).getElementsByTagName("testcase").item(0);
        assertThat(deploy.getAttribute("classname")).isEqualTo("hagate.gate.deploy");
        assertThat(deploy.getAttribute("time")).isEqualTo("61.250");
        assertThat(deploy.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue())
                .isEqualTo("galera: ctl2 did not join");
    }
}
