package dev.hagate.report;

import dev.hagate.check.CheckResult;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run as JUnit XML, the format every CI server reads: one test suite per scenario, one test case per
 * check (failed when it missed its limit), an error case when the lab broke or deployment failed, and a
 * skipped case for a scenario that did not run.
 *
 * <p>Each case's {@code classname} is {@code hagate.<plan>.<scenario>}, so CI servers group the checks by plan
 * and scenario rather than under one nameless package. Its {@code time} is how long the evidence it judged was
 * being collected: the history of the probe the check names ({@code max-outage(sql-writer)}), or the scenario's
 * own history for checks of the whole scenario. Its {@code system-out} names the timeline picture and the
 * histories, relative to the run directory that holds {@code junit.xml}.
 */
final class JunitXml {

    private static final Pattern PROBE_OF_CHECK = Pattern.compile("\\(([^()]+)\\)$");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC);

    private final XMLStreamWriter xml;
    private final RunResult run;
    private final Path runDir;
    private int depth;

    private JunitXml(XMLStreamWriter xml, RunResult run, Path runDir) {
        this.xml = xml;
        this.run = run;
        this.runDir = runDir;
    }

    /** @param runDir where junit.xml goes; the histories and timelines are named relative to it */
    static String of(RunResult run, Path runDir) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter writer = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            writer.writeStartDocument("UTF-8", "1.0");
            new JunitXml(writer, run, runDir).suites();
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit XML of run " + run.runId(), e);
        }
        return text.append('\n').toString();
    }

    private void suites() throws XMLStreamException {
        long tests = 0;
        long failures = 0;
        long errors = 0;
        long skipped = 0;
        for (ScenarioResult s : run.scenarios()) {
            skipped += s.notRun() != null ? 1 : 0;
            tests += s.checks().size() + (s.labError() != null || s.notRun() != null ? 1 : 0);
            failures += s.checks().stream().filter(c -> !c.passed()).count();
            errors += s.labError() != null ? 1 : 0;
        }
        boolean deploymentFailed = run.deploymentError() != null;
        boolean labBrokeOutsideScenarios = run.labError() != null && run.scenarios().stream().noneMatch(s -> s.labError() != null);
        tests += (deploymentFailed ? 1 : 0) + (labBrokeOutsideScenarios ? 1 : 0);
        failures += deploymentFailed ? 1 : 0;
        errors += labBrokeOutsideScenarios ? 1 : 0;

        start("testsuites");
        attribute("name", "hagate." + run.plan());
        attribute("tests", tests);
        attribute("failures", failures);
        attribute("errors", errors);
        attribute("skipped", skipped);
        attribute("time", seconds(run.duration()));
        if (deploymentFailed) {
            Duration deploy = Duration.ofMillis(run.timings().getOrDefault("deployMs", 0L));
            startSuite("deploy", run.startedAt(), 1, 1, 0, deploy);
            startCase("deploy", "deployment", deploy);
            problem("failure", run.deploymentError(), null);
            output(Files.isDirectory(runDir.resolve("deploy-logs")) ? "the services' logs: deploy-logs/" : null);
            end();
            end();
        }
        for (ScenarioResult s : run.scenarios()) {
            scenario(s);
        }
        if (labBrokeOutsideScenarios) {
            Duration labUp = Duration.ofMillis(run.timings().getOrDefault("labUpMs", 0L));
            startSuite("lab", run.startedAt(), 1, 0, 1, labUp);
            startCase("lab", "lab", labUp);
            problem("error", run.labError(), null);
            end();
            end();
        }
        end();
    }

    private void scenario(ScenarioResult s) throws XMLStreamException {
        if (s.notRun() != null) {
            startSuite(s.name(), s.startedAt(), 1, 0, 0, Duration.ZERO);
            xml.writeAttribute("skipped", "1");
            startCase(s.name(), "scenario", Duration.ZERO);
            start("skipped");
            attribute("message", "not run " + s.notRun());
            depth--;
            xml.writeEndElement();
            end();
            end();
            return;
        }
        long failures = s.checks().stream().filter(c -> !c.passed()).count();
        int errors = s.labError() != null ? 1 : 0;
        startSuite(s.name(), s.startedAt(), s.checks().size() + errors, failures, errors, s.duration());
        List<Path> histories = histories(s);
        for (CheckResult c : s.checks()) {
            Path judged = judgedHistory(s, c);
            startCase(s.name(), c.name(), span(judged).orElse(s.duration()));
            if (!c.passed()) {
                problem("failure", RunReport.format(c.value(), c.unit()) + " exceeds the limit of " + RunReport.format(c.limit(), c.unit()),
                        c.detail());
            }
            output(evidence(s, Files.exists(judged) ? List.of(judged) : histories));
            end();
        }
        if (errors > 0) {
            startCase(s.name(), "lab", s.duration());
            problem("error", s.labError(), null);
            output(evidence(s, histories));
            end();
        }
        end();
    }

    /** The history a check read: its probe's ({@code max-outage(sql-writer)}), else the scenario's own. */
    private static Path judgedHistory(ScenarioResult s, CheckResult c) {
        Matcher probe = PROBE_OF_CHECK.matcher(c.name());
        String name = probe.find() ? probe.group(1) : History.SCENARIO;
        return s.historyDir().resolve(name + ".jsonl");
    }

    /** From the first operation's start to the last one's end; empty when there is no such history. */
    private static Optional<Duration> span(Path history) {
        if (!Files.isRegularFile(history)) {
            return Optional.empty();
        }
        try {
            List<Operation> ops = History.read(history).operations();
            if (ops.isEmpty()) {
                return Optional.empty();
            }
            Instant first = ops.stream().map(Operation::invokedAt).min(Instant::compareTo).orElseThrow();
            Instant last = ops.stream().map(Operation::completedAt).max(Instant::compareTo).orElseThrow();
            return Optional.of(Duration.between(first, last));
        } catch (IOException | UncheckedIOException e) {
            // A history that cannot be read costs the case its time, not the report.
            return Optional.empty();
        }
    }

    private String evidence(ScenarioResult s, List<Path> histories) {
        List<String> lines = new ArrayList<>();
        Path timeline = s.historyDir().resolve(RunReport.TIMELINE);
        if (Files.exists(timeline)) {
            lines.add("timeline: " + relative(timeline));
        }
        if (!histories.isEmpty()) {
            lines.add("histories: " + String.join(", ", histories.stream().map(this::relative).toList()));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path base = runDir.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    private static List<Path> histories(ScenarioResult s) {
        if (!Files.isDirectory(s.historyDir())) {
            return List.of();
        }
        try (var files = Files.list(s.historyDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void startSuite(String name, Instant started, long tests, long failures, long errors, Duration time)
            throws XMLStreamException {
        start("testsuite");
        attribute("name", name);
        attribute("tests", tests);
        attribute("failures", failures);
        attribute("errors", errors);
        attribute("time", seconds(time));
        attribute("timestamp", TIMESTAMP.format(started.truncatedTo(ChronoUnit.SECONDS)));
    }

    private void startCase(String scenario, String name, Duration time) throws XMLStreamException {
        start("testcase");
        attribute("classname", "hagate." + run.plan() + "." + scenario);
        attribute("name", name);
        attribute("time", seconds(time));
    }

    private void problem(String element, String message, String detail) throws XMLStreamException {
        start(element);
        attribute("message", message);
        if (detail != null && !detail.isEmpty()) {
            xml.writeCharacters(clean(detail));
        }
        depth--;
        xml.writeEndElement();
    }

    private void output(String text) throws XMLStreamException {
        if (text == null) {
            return;
        }
        start("system-out");
        xml.writeCharacters(clean(text));
        depth--;
        xml.writeEndElement();
    }

    private void start(String element) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth++));
        xml.writeStartElement(element);
    }

    private void end() throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(--depth));
        xml.writeEndElement();
    }

    private void attribute(String name, Object value) throws XMLStreamException {
        xml.writeAttribute(name, clean(value == null ? "" : value.toString()));
    }

    private static String seconds(Duration time) {
        return String.format(Locale.ROOT, "%.3f", time.toMillis() / 1000.0);
    }

    /** The writer escapes markup; characters XML 1.0 cannot hold at all (most control characters) are dropped. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> c >= 0x20 || c == '\n' || c == '\t' || c == '\r').forEach(out::appendCodePoint);
        return out.toString();
    }
}
