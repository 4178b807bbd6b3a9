package dev.hagate.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hagate.check.CheckResult;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioResult;
import dev.hagate.vote.Verdict;
import dev.hagate.vote.Vote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a run's machine-readable results next to its histories: {@code summary.json}, {@code junit.xml} and
 * each scenario's timeline picture, and points {@code reports/latest} at the run.
 */
public final class RunReport {

    /** Each scenario's timeline picture, beside its histories. */
    static final String TIMELINE = "timeline.svg";

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build();

    private RunReport() {}

    /** Writes the reports of {@code run} into {@code runDir} and updates {@code reportsDir/latest}. */
    public static void write(RunResult run, Path runDir, Path reportsDir) {
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("summary.json"), JSON.writeValueAsString(summary(run)));
            writeTimelines(run);
            Files.writeString(runDir.resolve("junit.xml"), JunitXml.of(run, runDir));
            Path latest = reportsDir.resolve("latest");
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, reportsDir.relativize(runDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports of run " + run.runId() + " in " + runDir, e);
        }
    }

    /** Each scenario's timeline, so that the JUnit report can name a picture that is there without Allure. */
    private static void writeTimelines(RunResult run) throws IOException {
        for (ScenarioResult s : run.scenarios()) {
            if (Files.isDirectory(s.historyDir())) {
                Files.writeString(s.historyDir().resolve(TIMELINE), TimelineSvg.render(s.name() + ": " + s.fault(), AllureResults.histories(s.historyDir()), s.paces()));
            }
        }
    }

    /** The summary as {@code summary.json} holds it, for {@code hagate run --json}. */
    public static String summaryJson(RunResult run) {
        try {
            return JSON.writeValueAsString(summary(run));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode summary(RunResult run) {
        Verdict verdict = Vote.of(run);
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", run.runId());
        root.put("verdict", verdict.id());
        root.put("vote", verdict.vote());
        root.put("exitCode", verdict.exitCode());
        root.set("change", JSON.valueToTree(run.change()));
        root.put("topology", run.topology());
        root.set("software", JSON.valueToTree(run.software()));
        root.put("plan", run.plan());
        root.put("startedAt", run.startedAt().toString());
        root.put("durationMs", run.duration().toMillis());
        root.set("timingsMs", JSON.valueToTree(run.timings()));
        root.putObject("runner").put("peakRssKb", peakRssKb());
        if (run.deploymentError() != null) {
            root.put("deploymentError", run.deploymentError());
        }
        if (run.labError() != null) {
            root.put("labError", run.labError());
        }
        ArrayNode scenarios = root.putArray("scenarios");
        for (ScenarioResult s : run.scenarios()) {
            ObjectNode node = scenarios.addObject();
            node.put("name", s.name());
            node.put("verdict", Vote.of(s).id());
            node.put("startedAt", s.startedAt().toString());
            node.put("durationMs", s.duration().toMillis());
            node.put("fault", s.fault());
            node.put("recovery", s.recovery());
            if (s.labError() != null) {
                node.put("labError", s.labError());
            }
            if (s.notRun() != null) {
                node.put("notRun", s.notRun());
            } else {
                node.put("histories", s.historyDir().getFileName().toString());
            }
            ArrayNode checks = node.putArray("checks");
            for (CheckResult c : s.checks()) {
                ObjectNode check = checks.addObject();
                check.put("name", c.name());
                if (Double.isNaN(c.value())) {
                    check.putNull("value");
                } else {
                    check.put("value", c.value());
                }
                check.put("limit", c.limit());
                check.put("unit", c.unit());
                check.put("passed", c.passed());
                check.put("detail", c.detail());
                if (!c.figures().isEmpty()) {
                    ObjectNode figures = check.putObject("figures");
                    c.figures().forEach(figures::put);
                }
            }
        }
        return root;
    }

    /** This process's peak resident set (VmHWM), or -1 where /proc does not say. */
    static long peakRssKb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** A check's other figures, each with its unit: "p50 3.10 ms"; empty when it has none. */
    public static String figures(CheckResult c) {
        return String.join(", ", c.figures().entrySet().stream().map(f -> f.getKey() + " " + format(f.getValue(), c.unit())).toList());
    }

    /** "4.21 s" or "0 writes": a value with its unit, as the console and JUnit show it. */
    public static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        return (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value)) + " " + unit;
    }
}
