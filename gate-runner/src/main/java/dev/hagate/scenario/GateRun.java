package dev.hagate.scenario;

import dev.hagate.deploy.Change;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DebianDeployer;
import dev.hagate.deploy.Deployer;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabDirectory;
import dev.hagate.lab.LabException;
import dev.hagate.lab.Labs;
import dev.hagate.lab.ServiceLogs;
import dev.hagate.lab.SoftwareVersions;
import dev.hagate.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One gate run from nothing to results: build the lab, deploy the change, run the plan's scenarios in
 * order, each on a cloud brought back whole ({@link CloudUnderTest}), and tear the lab down whatever
 * happened. Judging and reporting are the caller's.
 */
public final class GateRun {

    /**
     * How long a signalled run waits for the lab's builder to end the step it is in. A builder still busy after it
     * leaves the lab's journal behind, for the next run or {@code lab down} to remove what that step made.
     */
    private static final Duration BUILD_STOP_PATIENCE = Duration.ofSeconds(20);

    private final Topology topology;
    private final Path topologyFile;
    private final List<Change> changes;
    private final Plan plan;
    private final LabDirectory labDir;
    private final Progress progress;
    /** Whether this run holds the lab's lease: it may tear down only a lab it holds. */
    private volatile boolean holdingLab;

    /** What the scenarios came to, and why the lab broke under them (null when it did not). */
    record ScenariosOutcome(List<ScenarioResult> results, String labError) {}

    /** @param changes the commits under test, resolved; empty runs the templates and packages as they are */
    public GateRun(Topology topology, Path topologyFile, List<Change> changes, Plan plan, LabDirectory labDir, Progress progress) {
        this.topology = topology;
        this.topologyFile = topologyFile;
        this.changes = changes;
        this.plan = plan;
        this.labDir = labDir;
        this.progress = progress;
    }

    /**
     * Runs the gate, with histories under {@code runDir}.
     *
     * @param described what is under test, for the reports ({@link Change#describe})
     * @param keepLab leave the lab up afterwards (for debugging); it is then held until {@code lab down}
     */
    public RunResult execute(String runId, Path runDir, Map<String, String> described, boolean keepLab) {
        Instant started = Instant.now();
        Map<String, Long> timings = new LinkedHashMap<>();
        List<ScenarioResult> results = new ArrayList<>();
        String deploymentError = null;
        String labError = null;
        Map<String, String> software = Map.of();
        String owner = keepLab ? "lab up" : LabDirectory.RUN;

        reclaimAbandonedLab();
        labDir.takeLease(topology.name(), topologyFile.toString(), owner);
        holdingLab = true;
        Thread teardownOnSignal = new Thread(() -> {
            // Nothing may be made once the teardown has read the journal.
            if (!labDir.stopBuilding(BUILD_STOP_PATIENCE)) {
                progress.phase("lab: still building after " + BUILD_STOP_PATIENCE.toSeconds() + " s; tearing down what is made");
            }
            tearDown(timings);
        }, "lab-teardown");
        if (!keepLab) {
            Runtime.getRuntime().addShutdownHook(teardownOnSignal);
        }
        try {
            long t = System.nanoTime();
            Map<Change.Project, Path> trees = checkOutChanges(true);
            Topology deployed = trees.containsKey(Change.Project.HAGATE)
                    ? topology.withTemplates(trees.get(Change.Project.HAGATE).resolve(Change.Project.HAGATE.tree())) : topology;
            Deployer deployer = new DebianDeployer(trees);
            progress.phase("lab: building " + topology.nodes().size() + " nodes of '" + topology.name() + "' ("
                    + topology.lab().kind() + ", " + topology.lab().subnet() + ")");
            try (CloudUnderTest cloud = new CloudUnderTest(Labs.up(deployed, labDir), deployer, () -> freshLab(deployed, owner))) {
                timings.put("labUpMs", millisSince(t));
                software = SoftwareVersions.of(cloud.lab().shell(topology.nodes().get(0).name()));
                progress.phase("lab: runs " + SoftwareVersions.describe(software));
                t = System.nanoTime();
                progress.phase("deploy: " + topology.nodes().size() + " nodes up; deploying from " + deployed.templates());
                // Opened before anything runs, the window holds every service's whole log.
                ServiceLogs deployLogs = ServiceLogs.openWindow(cloud.lab());
                try {
                    cloud.deploy(step -> progress.phase("deploy: " + step));
                } catch (DeploymentException e) {
                    // The change's author needs the services' own words for why they did not come up.
                    deployLogs.copyTo(runDir.resolve("deploy-logs"));
                    throw e;
                } finally {
                    timings.put("deployMs", millisSince(t));
                }
                writeConfigs(cloud.cloud(), runDir.resolve("config"));
                t = System.nanoTime();
                ScenariosOutcome outcome = runScenarios(plan.scenarios(), cloud, runDir, progress, (scenario, reset) ->
                        new ScenarioRunner(cloud.cloud(), progress).run(scenario, runDir.resolve(scenario.name()), reset));
                results.addAll(outcome.results());
                labError = outcome.labError();
                timings.put("scenariosMs", millisSince(t));
            }
        } catch (DeploymentException e) {
            deploymentError = e.getMessage();
            progress.phase("deploy failed: " + e.getMessage());
        } catch (LabException e) {
            labError = e.getMessage();
            progress.phase("the lab broke: " + e.getMessage());
        } finally {
            if (!keepLab) {
                labError = firstNonNull(labError, tearDown(timings));
                try {
                    Runtime.getRuntime().removeShutdownHook(teardownOnSignal);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is tearing down too; tearDown lets only one of them do it.
                }
            }
        }
        return new RunResult(runId, started, Duration.between(started, Instant.now()), described, topology.name(),
                plan.name(), timings, results, deploymentError, labError, software);
    }

    /**
     * Runs {@code scenarios} in order, each once {@code cloud} has brought the cloud back whole. When it cannot,
     * the remaining scenarios are not run: "because of the earlier failure" of the scenario before, when that
     * one failed (its failure is the verdict; the lab did not break), else because the lab broke. A scenario
     * under which the lab broke ends the run too.
     *
     * @param run runs one scenario on the cloud as it is now, given how it was brought back
     */
    static ScenariosOutcome runScenarios(List<Scenario> scenarios, CloudUnderTest cloud, Path runDir, Progress progress,
                                         BiFunction<Scenario, Operation, ScenarioResult> run) {
        List<ScenarioResult> results = new ArrayList<>();
        String labError = null;
        String notRunBecause = null;
        for (Scenario scenario : scenarios) {
            String prefix = scenario.name() + ": ";
            if (notRunBecause == null) {
                progress.phase(prefix + "reset: starting what is stopped, waiting until the cloud is whole");
                Instant resetAt = Instant.now();
                CloudUnderTest.Restoration restored = cloud.restore(step -> progress.phase(prefix + step));
                if (restored.whole()) {
                    ScenarioResult result = run.apply(scenario, new Operation(History.SCENARIO, OperationNames.RESET, resetAt,
                            Instant.now(), Result.OK, restored.detail(), null));
                    results.add(result);
                    if (result.labError() != null) {
                        labError = scenario.name() + ": " + result.labError();
                        notRunBecause = "because the lab broke in " + scenario.name();
                    }
                    continue;
                }
                ScenarioResult previous = results.isEmpty() ? null : results.get(results.size() - 1);
                if (previous != null && previous.missedACheck()) {
                    notRunBecause = "because of the earlier failure of " + previous.name() + ", after which the cloud could not"
                            + " be brought back (" + restored.detail() + ")";
                } else {
                    labError = "the cloud could not be brought back whole" + (previous == null ? "" : " after " + previous.name())
                            + ": " + restored.detail();
                    notRunBecause = "because " + labError;
                }
            }
            progress.phase(prefix + "not run " + notRunBecause);
            results.add(ScenarioResult.notRun(scenario.name(), notRunBecause, runDir.resolve(scenario.name())));
        }
        return new ScenariosOutcome(results, labError);
    }

    /**
     * Extracts each change's tree into the lab's directory, so `lab down` removes them too; the same path each
     * time, so a fresh lab finds them where the deployer and the topology were told they are.
     */
    private Map<Change.Project, Path> checkOutChanges(boolean announce) {
        Map<Change.Project, Path> trees = new LinkedHashMap<>();
        for (Change change : changes) {
            trees.put(change.project(), change.checkout(labDir.root().resolve("changes")));
            if (announce) {
                progress.phase("change: " + change);
            }
        }
        return trees;
    }

    /**
     * Tears the lab down and builds it again from nothing, under this run's lease, with the changes' trees
     * extracted again (`lab down` removed them with the lab's directory).
     */
    private Lab freshLab(Topology deployed, String owner) {
        progress.phase("lab: tearing the lab down, to build a fresh one");
        List<String> leftovers = Labs.down(labDir);
        if (!leftovers.isEmpty()) {
            throw new LabException("cannot remove the lab to build a fresh one: " + String.join("; ", leftovers));
        }
        holdingLab = false;
        // The lease went with the lab's directory: take it again before anything is built.
        labDir.takeLease(topology.name(), topologyFile.toString(), owner);
        holdingLab = true;
        checkOutChanges(false);
        progress.phase("lab: building " + topology.nodes().size() + " nodes of '" + topology.name() + "' again");
        return Labs.up(deployed, labDir);
    }

    /** The configuration the change rendered, as each node got it: {@code config/<node>/<path on the node>}. */
    private static void writeConfigs(Cloud cloud, Path dir) {
        cloud.configs().forEach((node, files) -> files.forEach((path, content) -> {
            Path file = dir.resolve(node).resolve(path.substring(1));
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the rendered " + path + " of " + node, e);
            }
        }));
    }

    /** A lab left by a run that died is this run's to clean; anything else on the machine is not. */
    private void reclaimAbandonedLab() {
        if (labDir.abandoned()) {
            progress.phase("lab: removing the lab left by a run that died ("
                    + labDir.lease().map(lease -> "pid " + lease.pid()).orElse("its lease could not be read") + ")");
            List<String> leftovers = Labs.down(labDir);
            if (!leftovers.isEmpty()) {
                throw new LabException("cannot remove the abandoned lab: " + String.join("; ", leftovers));
            }
        }
    }

    /** @return null when the machine is clean again, else what was left */
    private synchronized String tearDown(Map<String, Long> timings) {
        // A lab this run no longer holds (another run took the lease while a fresh one was being built) is not its to remove.
        if (!holdingLab || !labDir.inUse()) {
            return null;
        }
        long t = System.nanoTime();
        progress.phase("lab: tearing down");
        List<String> failed = Labs.down(labDir);
        timings.put("labDownMs", millisSince(t));
        failed.forEach(step -> progress.phase("lab: not removed: " + step));
        return failed.isEmpty() ? null : "lab down left " + String.join("; ", failed);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
