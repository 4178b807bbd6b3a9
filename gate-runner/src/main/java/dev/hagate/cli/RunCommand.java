package dev.hagate.cli;

import dev.hagate.check.CheckResult;
import dev.hagate.deploy.Change;
import dev.hagate.lab.HostCommand;
import dev.hagate.lab.LabDirectory;
import dev.hagate.report.AllureResults;
import dev.hagate.report.Console;
import dev.hagate.report.RunReport;
import dev.hagate.scenario.GateRun;
import dev.hagate.scenario.Plan;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioLoader;
import dev.hagate.scenario.ScenarioResult;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import dev.hagate.vote.Verdict;
import dev.hagate.vote.Vote;
import dev.hagate.yaml.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Build the lab, deploy the change, run the scenarios, vote, tear the lab down.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--topology", paramLabel = "FILE", description = "Topology file (default: $HAGATE_TOPOLOGY, else lab-topology/embedded.yaml).")
    Path topology;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "Scenario to run, by name (scenarios/NAME.yaml) or file; repeatable. Default: the plan's.")
    List<String> scenarios;

    @Option(names = "--plan", paramLabel = "NAME|FILE", defaultValue = "gate",
            description = "Plan whose scenarios run when no --scenario is given (default: ${DEFAULT-VALUE}).")
    String plan;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where runs are written (default: $HAGATE_REPORTS, else reports/).")
    Path reports;

    @Option(names = "--quiet", description = "Print nothing but the verdict line.")
    boolean quiet;

    @Option(names = "--json", description = "Print only summary.json on standard output, for machines (progress stays on standard error).")
    boolean json;

    @Option(names = "--change", paramLabel = "PROJECT=REPO@REF",
            description = "A commit under test: PROJECT is hagate (the deployment templates) or keystone; REPO a git"
                    + " repository path or URL; REF a branch, tag, SHA or Gerrit ref (default HEAD). Repeatable.")
    List<String> changeSpecs;

    @Mixin
    CiBuildOptions ci;

    @Option(names = "--keep-lab", description = "Leave the lab up afterwards, for a look inside; remove it with `hagate lab down`.")
    boolean keepLab;

    @Override
    public Integer call() throws IOException {
        Path topologyFile = topology == null ? Hagate.defaultTopology() : topology;
        Topology lab = TopologyLoader.load(topologyFile, Hagate.interfacesToKeepClearOf(LabDirectory.standard()));
        ScenarioLoader loader = new ScenarioLoader(Hagate.scenariosDir(), lab);
        Plan toRun = scenarios == null || scenarios.isEmpty() ? loader.loadPlan(plan)
                : new Plan("selected", "scenarios named on the command line", loader.loadAll(scenarios));
        // Repositories given by URL are cloned for this run only.
        Path clones = Files.createTempDirectory("hagate-clones");
        try {
            return run(lab, topologyFile, toRun, Change.resolveAll(changeSpecs == null ? List.of() : changeSpecs, clones));
        } finally {
            HostCommand.exec(List.of("rm", "-rf", clones.toString()), Duration.ofSeconds(60));
        }
    }

    private int run(Topology lab, Path topologyFile, Plan toRun, List<Change> changes) {
        LabCommand.requireRoot();

        Path reportsDir = (reports == null ? Hagate.home().resolve("reports") : reports).toAbsolutePath();
        try {
            Files.createDirectories(reportsDir.resolve("runs"));
        } catch (IOException e) {
            throw new BadInputException("--reports " + reportsDir + ": cannot write there (" + e + ")");
        }
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        Path runDir = reportsDir.resolve("runs").resolve(runId);
        // Progress on standard error: --json keeps standard output for the summary, not the person watching.
        Console console = new Console(System.err, System.out, quiet);
        console.phase("run " + runId + ": plan '" + toRun.name() + "' (" + String.join(", ",
                toRun.scenarios().stream().map(s -> s.name()).toList()) + ") on '" + lab.name() + "'");

        RunResult result = new GateRun(lab, topologyFile, changes, toRun, LabDirectory.standard(), console)
                .execute(runId, runDir, Change.describe(changes, lab.templates()), keepLab);
        RunReport.write(result, runDir, reportsDir);
        AllureResults.write(result, toRun, runDir, ci.build());
        Verdict verdict = Vote.of(result);
        if (json) {
            System.out.println(RunReport.summaryJson(result));
        } else if (quiet) {
            System.out.println("verdict: " + verdict.id().toUpperCase() + "  vote: " + verdict.vote() + "  (exit "
                    + verdict.exitCode() + ")  reports: " + runDir);
        } else {
            printSummary(console, result, runDir);
        }
        return verdict.exitCode();
    }

    private static void printSummary(Console console, RunResult run, Path runDir) {
        console.line("");
        console.line(String.format("%-22s %-34s %14s %14s  %s", "scenario", "check", "value", "limit", "result"));
        for (ScenarioResult s : run.scenarios()) {
            for (CheckResult c : s.checks()) {
                String figures = RunReport.figures(c);
                console.line(String.format("%-22s %-34s %14s %14s  %s", s.name(), c.name(),
                        RunReport.format(c.value(), c.unit()), RunReport.format(c.limit(), c.unit()),
                        (c.passed() ? "ok" : "FAILED: " + c.detail()) + (figures.isEmpty() ? "" : "  (" + figures + ")")));
            }
            if (s.labError() != null) {
                console.line(String.format("%-22s %-34s %s", s.name(), "(lab)", "ERROR: " + s.labError()));
            }
            if (s.notRun() != null) {
                console.line(String.format("%-22s %-26s %s", s.name(), "(scenario)", "NOT RUN " + s.notRun()));
            }
        }
        if (run.deploymentError() != null) {
            console.line("deployment failed: " + run.deploymentError());
        }
        if (run.labError() != null) {
            console.line("lab error: " + run.labError());
        }
        Verdict verdict = Vote.of(run);
        console.line("");
        console.line("reports: " + runDir);
        console.line("verdict: " + verdict.id().toUpperCase() + "  vote: " + verdict.vote() + "  (exit " + verdict.exitCode() + ")");
    }
}
