package dev.hagate.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hagate.check.CheckResult;
import dev.hagate.check.RecoveryTimeCheck;
import dev.hagate.probe.History;
import dev.hagate.probe.Operation;
import dev.hagate.scenario.Plan;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.Scenario;
import dev.hagate.scenario.ScenarioResult;
import dev.hagate.vote.Verdict;
import dev.hagate.vote.Vote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The run in Allure 2's results format ({@code allure-results/}): one test per scenario, a step per phase
 * with its timing, the checks as steps with value against limit, parameters (change, topology), labels
 * (epic = the lab, feature = the fault kind), and attachments: the timeline picture, the histories, each
 * node's service logs for the scenario's window and the rendered configuration. Categories separate an HA
 * regression (failed) from a lab that broke (broken). The test identity ({@code historyId}) depends only on
 * plan and scenario, so Allure shows trends across runs.
 */
public final class AllureResults {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final RunResult run;

    private AllureResults(Path dir, RunResult run) {
        this.dir = dir;
        this.run = run;
    }

    /** Writes {@code runDir/allure-results}; {@code plan} gives each scenario's fault kind. */
    public static Path write(RunResult run, Plan plan, Path runDir) {
        Path dir = runDir.resolve("allure-results");
        try {
            Files.createDirectories(dir);
            AllureResults results = new AllureResults(dir, run);
            for (ScenarioResult s : run.scenarios()) {
                String faultKind = plan.scenarios().stream().filter(p -> p.name().equals(s.name())).findFirst()
                        .map(Scenario::fault).map(Scenario.FaultSpec::kind).orElse("unknown");
                results.scenario(s, faultKind, runDir.resolve("config"));
            }
            if (run.deploymentError() != null) {
                results.stageFailure("deploy", "failed", "the change broke deployment: " + run.deploymentError());
            }
            if (run.labError() != null && run.scenarios().stream().noneMatch(s -> s.labError() != null)) {
                results.stageFailure("lab", "broken", run.labError());
            }
            results.environment();
            results.executor();
            results.categories();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Allure results in " + dir, e);
        }
    }

    private void scenario(ScenarioResult s, String faultKind, Path configDir) throws IOException {
        ObjectNode test = test(s.name(), status(Vote.of(s)), s.startedAt().toEpochMilli(),
                s.startedAt().plus(s.duration()).toEpochMilli());
        test.put("description", "fault: " + s.fault() + "\nrecovery: " + s.recovery());
        labels(test, faultKind);
        if (Vote.of(s) != Verdict.PASS) {
            test.putObject("statusDetails").put("message", s.labError() != null ? "the lab broke: " + s.labError()
                    : String.join("; ", s.checks().stream().filter(c -> !c.passed()).map(AllureResults::describe).toList()));
        }

        List<History> histories = histories(s.historyDir());
        ArrayNode steps = test.putArray("steps");
        histories.stream().filter(h -> h.probe().equals(RecoveryTimeCheck.SCENARIO_HISTORY)).findFirst()
                .ifPresent(h -> h.operations().forEach(op -> phaseStep(steps, op)));
        if (!s.checks().isEmpty()) {
            ObjectNode checks = steps.addObject();
            checks.put("name", "checks");
            checks.put("status", s.checks().stream().allMatch(CheckResult::passed) ? "passed" : "failed");
            checks.put("stage", "finished");
            long end = s.startedAt().plus(s.duration()).toEpochMilli();
            checks.put("start", end);
            checks.put("stop", end);
            ArrayNode each = checks.putArray("steps");
            for (CheckResult c : s.checks()) {
                ObjectNode step = each.addObject();
                step.put("name", describe(c));
                step.put("status", c.passed() ? "passed" : "failed");
                step.put("stage", "finished");
                step.put("start", end);
                step.put("stop", end);
                ArrayNode parameters = step.putArray("parameters");
                parameter(parameters, "value", RunReport.format(c.value(), c.unit()));
                parameter(parameters, "limit", RunReport.format(c.limit(), c.unit()));
                parameter(parameters, "detail", c.detail());
            }
        }

        ArrayNode attachments = test.putArray("attachments");
        attach(attachments, "timeline", "image/svg+xml", "svg",
                TimelineSvg.render(s.name() + ": " + s.fault(), histories).getBytes(StandardCharsets.UTF_8));
        for (Path file : filesUnder(s.historyDir(), ".jsonl", 1)) {
            attach(attachments, "history " + file.getFileName(), "text/plain", "jsonl", Files.readAllBytes(file));
        }
        for (Path file : filesUnder(s.historyDir().resolve("logs"), ".log", Integer.MAX_VALUE)) {
            attach(attachments, "log " + s.historyDir().resolve("logs").relativize(file), "text/plain", "log", Files.readAllBytes(file));
        }
        for (Path file : filesUnder(configDir, "", Integer.MAX_VALUE)) {
            attach(attachments, "config " + configDir.relativize(file), "text/plain", "txt", Files.readAllBytes(file));
        }
        save(test);
    }

    private void stageFailure(String name, String status, String message) throws IOException {
        long at = run.startedAt().plus(run.duration()).toEpochMilli();
        ObjectNode test = test(name, status, run.startedAt().toEpochMilli(), at);
        labels(test, name);
        test.putObject("statusDetails").put("message", message);
        save(test);
    }

    private ObjectNode test(String name, String status, long start, long stop) {
        String fullName = "hagate." + run.plan() + "." + name;
        ObjectNode test = JSON.createObjectNode();
        test.put("uuid", UUID.randomUUID().toString());
        test.put("historyId", md5(fullName));
        test.put("testCaseId", md5(fullName));
        test.put("fullName", fullName);
        test.put("name", name);
        test.put("status", status);
        test.put("stage", "finished");
        test.put("start", start);
        test.put("stop", stop);
        ArrayNode parameters = test.putArray("parameters");
        run.change().forEach((key, value) -> parameter(parameters, "change." + key, value));
        parameter(parameters, "topology", run.topology());
        return test;
    }

    private void labels(ObjectNode test, String feature) {
        ArrayNode labels = test.putArray("labels");
        label(labels, "epic", run.topology());
        label(labels, "feature", feature);
        label(labels, "parentSuite", "hagate");
        label(labels, "suite", run.plan());
        label(labels, "framework", "hagate");
        label(labels, "host", hostName());
    }

    private static void phaseStep(ArrayNode steps, Operation op) {
        ObjectNode step = steps.addObject();
        step.put("name", op.op() + (op.detail() == null ? "" : ": " + op.detail()));
        step.put("status", op.ok() ? "passed" : "failed");
        step.put("stage", "finished");
        step.put("start", op.invokedAt().toEpochMilli());
        step.put("stop", op.completedAt().toEpochMilli());
    }

    private void attach(ArrayNode attachments, String name, String type, String extension, byte[] content) throws IOException {
        String source = UUID.randomUUID() + "-attachment." + extension;
        Files.write(dir.resolve(source), content);
        attachments.addObject().put("name", name).put("source", source).put("type", type);
    }

    private void save(ObjectNode test) throws IOException {
        Files.writeString(dir.resolve(test.get("uuid").asText() + "-result.json"), JSON.writeValueAsString(test));
    }

    private void environment() throws IOException {
        StringBuilder props = new StringBuilder();
        props.append("topology=").append(run.topology()).append('\n');
        props.append("plan=").append(run.plan()).append('\n');
        run.change().forEach((k, v) -> props.append("change.").append(k).append('=').append(v).append('\n'));
        props.append("runner.java=").append(System.getProperty("java.version")).append('\n');
        props.append("runner.kernel=").append(System.getProperty("os.version")).append('\n');
        Files.writeString(dir.resolve("environment.properties"), props.toString());
    }

    /** Who ran it: Jenkins or Zuul when their environment says so, else a local run. */
    private void executor() throws IOException {
        Map<String, String> env = System.getenv();
        ObjectNode executor = JSON.createObjectNode();
        if (env.containsKey("JENKINS_URL")) {
            executor.put("name", "Jenkins").put("type", "jenkins").put("url", env.get("JENKINS_URL"))
                    .put("buildName", env.getOrDefault("BUILD_TAG", run.runId()))
                    .put("buildUrl", env.getOrDefault("BUILD_URL", "")).put("buildOrder", parseOrder(env.get("BUILD_NUMBER")));
        } else if (env.containsKey("ZUUL_JOB") || env.containsKey("ZUUL_BUILD")) {
            executor.put("name", "Zuul").put("type", "zuul").put("buildName", env.getOrDefault("ZUUL_BUILD", run.runId()));
        } else {
            executor.put("name", "hagate (local run on " + hostName() + ")").put("type", "local").put("buildName", run.runId());
        }
        executor.put("reportName", "hagate " + run.plan() + " on " + run.topology());
        Files.writeString(dir.resolve("executor.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(executor));
    }

    private void categories() throws IOException {
        ArrayNode categories = JSON.createArrayNode();
        categories.addObject().put("name", "HA regression").put("description",
                "A scenario missed an SLA, or the change broke deployment: the gate votes -1.").putArray("matchedStatuses").add("failed");
        categories.addObject().put("name", "lab broke").put("description",
                "The lab itself failed (node unreachable, timeout): no vote, retry.").putArray("matchedStatuses").add("broken");
        Files.writeString(dir.resolve("categories.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(categories));
    }

    private static String status(Verdict verdict) {
        return switch (verdict) {
            case PASS -> "passed";
            case FAIL -> "failed";
            case ERROR -> "broken";
        };
    }

    static String describe(CheckResult c) {
        return c.name() + ": " + RunReport.format(c.value(), c.unit()) + (c.passed() ? " within " : " exceeds ")
                + RunReport.format(c.limit(), c.unit());
    }

    static List<History> histories(Path dir) throws IOException {
        List<History> histories = new ArrayList<>();
        for (Path file : filesUnder(dir, ".jsonl", 1)) {
            histories.add(History.read(file));
        }
        return histories;
    }

    /** Regular files ending in {@code suffix} under {@code dir} ({@code depth} 1: directly in it), sorted. */
    private static List<Path> filesUnder(Path dir, String suffix, int depth) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void parameter(ArrayNode parameters, String name, String value) {
        parameters.addObject().put("name", name).put("value", value == null ? "" : value);
    }

    private static void label(ArrayNode labels, String name, String value) {
        labels.addObject().put("name", name).put("value", value);
    }

    private static long parseOrder(String number) {
        try {
            return number == null ? 0 : Long.parseLong(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
