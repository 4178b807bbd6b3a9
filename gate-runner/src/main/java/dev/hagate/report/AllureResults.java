package dev.hagate.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hagate.check.CheckResult;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
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
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The run in Allure 2's results format ({@code allure-results/}): one test per scenario, a step per phase
 * with its timing, the checks as steps with value against limit, parameters (change, topology), labels
 * (epic = the lab, feature = the fault kind), links to the change and the CI build, and attachments: the
 * timeline picture, the histories and each node's service logs for the scenario's window. Lab up, deploy
 * and lab down are fixtures of one container around every test, so the rendered configuration is
 * attached once per run, to the deploy fixture. Categories separate an HA regression (failed) from a lab
 * that broke (broken). The test identity ({@code historyId}) depends only on plan and scenario, so Allure
 * shows trends across runs. The executor is the CI build the job named ({@link CiBuild}), else a local run.
 */
public final class AllureResults {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final RunResult run;
    private final CiBuild build;
    private final List<String> tests = new ArrayList<>();

    private AllureResults(Path dir, RunResult run, CiBuild build) {
        this.dir = dir;
        this.run = run;
        this.build = build;
    }

    /** Writes {@code runDir/allure-results} of a run outside CI. */
    public static Path write(RunResult run, Plan plan, Path runDir) {
        return write(run, plan, runDir, CiBuild.LOCAL);
    }

    /** Writes {@code runDir/allure-results}; {@code plan} gives each scenario's fault kind. */
    public static Path write(RunResult run, Plan plan, Path runDir, CiBuild build) {
        Path dir = runDir.resolve("allure-results");
        try {
            Files.createDirectories(dir);
            AllureResults results = new AllureResults(dir, run, build);
            for (ScenarioResult s : run.scenarios()) {
                String faultKind = plan.scenarios().stream().filter(p -> p.name().equals(s.name())).findFirst()
                        .map(Scenario::fault).map(Scenario.FaultSpec::kind).orElse("unknown");
                if (s.notRun() != null) {
                    results.notRun(s, faultKind);
                } else {
                    results.scenario(s, faultKind);
                }
            }
            if (run.deploymentError() != null) {
                results.stageFailure("deploy", "failed", "the change broke deployment: " + run.deploymentError());
            }
            if (run.labError() != null && run.scenarios().stream().noneMatch(s -> s.labError() != null)) {
                results.stageFailure("lab", "broken", run.labError());
            }
            results.fixtures(runDir);
            results.environment();
            results.executor();
            results.categories();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Allure results in " + dir, e);
        }
    }

    private void scenario(ScenarioResult s, String faultKind) throws IOException {
        ObjectNode test = test(s.name(), status(Vote.of(s)), s.startedAt().toEpochMilli(),
                s.startedAt().plus(s.duration()).toEpochMilli());
        test.put("description", "fault: " + s.fault() + "\nrecovery: " + s.recovery());
        labels(test, faultKind);
        if (Vote.of(s) != Verdict.PASS) {
            String missed = String.join("; ", s.checks().stream().filter(c -> !c.passed()).map(AllureResults::describe).toList());
            String broke = s.labError() == null ? "" : "the lab broke: " + s.labError();
            test.putObject("statusDetails").put("message", missed.isEmpty() ? broke : broke.isEmpty() ? missed : missed + "; then " + broke);
        }

        List<History> histories = histories(s.historyDir());
        ArrayNode steps = test.putArray("steps");
        histories.stream().filter(h -> h.probe().equals(History.SCENARIO)).findFirst()
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
                c.figures().forEach((figure, value) -> parameter(parameters, figure, RunReport.format(value, c.unit())));
                parameter(parameters, "detail", c.detail());
            }
        }

        ArrayNode attachments = test.putArray("attachments");
        attach(attachments, "timeline", "image/svg+xml", "svg",
                TimelineSvg.render(s.name() + ": " + s.fault(), histories, s.paces()).getBytes(StandardCharsets.UTF_8));
        for (Path file : filesUnder(s.historyDir(), ".jsonl", 1)) {
            attach(attachments, "history " + file.getFileName(), "text/plain", "jsonl", Files.readAllBytes(file));
        }
        for (Path file : filesUnder(s.historyDir().resolve("logs"), ".log", Integer.MAX_VALUE)) {
            attach(attachments, "log " + s.historyDir().resolve("logs").relativize(file), "text/plain", "log", Files.readAllBytes(file));
        }
        save(test);
    }

    /** A scenario that did not run: skipped, saying why. */
    private void notRun(ScenarioResult s, String faultKind) throws IOException {
        long at = s.startedAt().toEpochMilli();
        ObjectNode test = test(s.name(), status(Verdict.NOT_RUN), at, at);
        test.put("description", "not run " + s.notRun());
        labels(test, faultKind);
        test.putObject("statusDetails").put("message", "not run " + s.notRun());
        save(test);
    }

    /**
     * Lab up, deploy and lab down, as the fixtures of one container holding every test: they ran once for all
     * scenarios, so their attachments (the rendered configuration, the services' logs of a failed deployment)
     * are there once. Their times follow from the run's start and the measured durations of each stage.
     */
    private void fixtures(Path runDir) throws IOException {
        long start = run.startedAt().toEpochMilli();
        long end = run.startedAt().plus(run.duration()).toEpochMilli();
        ObjectNode container = JSON.createObjectNode();
        container.put("uuid", UUID.randomUUID().toString());
        container.put("name", "hagate " + run.plan() + " on " + run.topology());
        ArrayNode children = container.putArray("children");
        tests.forEach(children::add);
        container.put("start", start);
        container.put("stop", end);
        ArrayNode befores = container.putArray("befores");
        Long labUp = run.timings().get("labUpMs");
        Long deploy = run.timings().get("deployMs");
        if (labUp != null) {
            fixture(befores, "lab up", "passed", start, start + labUp, null);
            if (deploy != null) {
                ObjectNode fixture = fixture(befores, "deploy", run.deploymentError() == null ? "passed" : "failed", start + labUp,
                        start + labUp + deploy, run.deploymentError());
                ArrayNode attachments = fixture.putArray("attachments");
                attachFiles(attachments, "config ", runDir.resolve("config"), "txt");
                attachFiles(attachments, "log ", runDir.resolve("deploy-logs"), "log");
            }
        }
        Long labDown = run.timings().get("labDownMs");
        if (labDown != null) {
            // A run-level lab error may be the teardown's own; the report cannot tell which stage it was.
            fixture(container.putArray("afters"), "lab down", run.labError() == null ? "passed" : "unknown", end - labDown, end, null);
        }
        Files.writeString(dir.resolve(container.get("uuid").asText() + "-container.json"), JSON.writeValueAsString(container));
    }

    private static ObjectNode fixture(ArrayNode into, String name, String status, long start, long stop, String message) {
        ObjectNode fixture = into.addObject();
        fixture.put("name", name);
        fixture.put("status", status);
        fixture.put("stage", "finished");
        fixture.put("start", start);
        fixture.put("stop", stop);
        if (message != null) {
            fixture.putObject("statusDetails").put("message", message);
        }
        return fixture;
    }

    private void attachFiles(ArrayNode attachments, String prefix, Path under, String extension) throws IOException {
        for (Path file : filesUnder(under, "", Integer.MAX_VALUE)) {
            attach(attachments, prefix + under.relativize(file), "text/plain", extension, Files.readAllBytes(file));
        }
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
        ArrayNode links = test.putArray("links");
        if (build.changeUrl() != null) {
            links.addObject().put("name", "change").put("url", build.changeUrl()).put("type", "link");
        }
        if (build.buildUrl() != null) {
            links.addObject().put("name", build.buildName() == null ? "build" : "build " + build.buildName())
                    .put("url", build.buildUrl()).put("type", "link");
        }
        tests.add(test.get("uuid").asText());
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
        run.software().forEach((k, v) -> props.append("software.").append(k).append('=').append(v).append('\n'));
        props.append("runner.java=").append(System.getProperty("java.version")).append('\n');
        props.append("runner.kernel=").append(System.getProperty("os.version")).append('\n');
        Files.writeString(dir.resolve("environment.properties"), props.toString());
    }

    /** Who ran it: the CI build the job named on the command line, else a local run. */
    private void executor() throws IOException {
        ObjectNode executor = JSON.createObjectNode();
        if (build.local()) {
            executor.put("name", "hagate (local run on " + hostName() + ")").put("type", "local").put("buildName", run.runId());
        } else {
            // Allure shows its own icon for the types it knows, such as jenkins.
            executor.put("name", build.system()).put("type", build.system().toLowerCase(Locale.ROOT))
                    .put("buildName", build.buildName() == null ? run.runId() : build.buildName());
            if (build.url() != null) {
                executor.put("url", build.url());
            }
            if (build.buildUrl() != null) {
                executor.put("buildUrl", build.buildUrl());
            }
            if (build.buildNumber() != null) {
                executor.put("buildOrder", build.buildNumber());
            }
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
        categories.addObject().put("name", "not run").put("description",
                "An earlier scenario left no cloud to run on: neither a deployment again nor a fresh lab brought it back,"
                        + " or the lab broke.").putArray("matchedStatuses").add("skipped");
        Files.writeString(dir.resolve("categories.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(categories));
    }

    private static String status(Verdict verdict) {
        return switch (verdict) {
            case PASS -> "passed";
            case FAIL -> "failed";
            case ERROR -> "broken";
            case NOT_RUN -> "skipped";
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
