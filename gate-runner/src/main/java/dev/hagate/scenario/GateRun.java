package dev.hagate.scenario;

import dev.hagate.deploy.Change;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DebianDeployer;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.lab.LabDirectory;
import dev.hagate.lab.LabException;
import dev.hagate.lab.Lab;
import dev.hagate.lab.Labs;
import dev.hagate.lab.ServiceLogs;
import dev.hagate.report.Console;
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
import java.util.Optional;

/**
 * One gate run from nothing to results: build the lab, deploy the change, run the plan's scenarios in
 * order, and tear the lab down whatever happened. Judging and reporting are the caller's.
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
    private final Console console;

    /** @param changes the commits under test, resolved; empty runs the templates and packages as they are */
    public GateRun(Topology topology, Path topologyFile, List<Change> changes, Plan plan, LabDirectory labDir, Console console) {
        this.topology = topology;
        this.topologyFile = topologyFile;
        this.changes = changes;
        this.plan = plan;
        this.labDir = labDir;
        this.console = console;
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

        reclaimAbandonedLab();
        labDir.takeLease(topology.name(), topologyFile.toString(), keepLab ? "lab up" : LabDirectory.RUN);
        Thread teardownOnSignal = new Thread(() -> {
            // Nothing may be made once the teardown has read the journal.
            if (!labDir.stopBuilding(BUILD_STOP_PATIENCE)) {
                console.phase("lab: still building after " + BUILD_STOP_PATIENCE.toSeconds() + " s; tearing down what is made");
            }
            tearDown(timings);
        }, "lab-teardown");
        if (!keepLab) {
            Runtime.getRuntime().addShutdownHook(teardownOnSignal);
        }
        try {
            long t = System.nanoTime();
            // The change's trees live with the lab, so `lab down` removes them too.
            Topology deployed = topology;
            Optional<Path> keystoneSource = Optional.empty();
            for (Change change : changes) {
                Path tree = change.checkout(labDir.root().resolve("changes"));
                console.phase("change: " + change);
                switch (change.project()) {
                    case HAGATE -> deployed = topology.withTemplates(tree.resolve(Change.Project.HAGATE.tree()));
                    case KEYSTONE -> keystoneSource = Optional.of(tree);
                }
            }
            console.phase("lab: building " + topology.nodes().size() + " nodes of '" + topology.name() + "' ("
                    + topology.lab().kind() + ", " + topology.lab().subnet() + ")");
            try (Lab lab = Labs.up(deployed, labDir)) {
                timings.put("labUpMs", millisSince(t));
                t = System.nanoTime();
                console.phase("deploy: " + topology.nodes().size() + " nodes up; deploying from " + deployed.templates());
                // Opened before anything runs, the window holds every service's whole log.
                ServiceLogs deployLogs = ServiceLogs.openWindow(lab);
                Cloud cloud;
                try {
                    cloud = new DebianDeployer(keystoneSource).deploy(lab, step -> console.phase("deploy: " + step));
                } catch (DeploymentException e) {
                    // The change's author needs the services' own words for why they did not come up.
                    deployLogs.copyTo(runDir.resolve("deploy-logs"));
                    throw e;
                } finally {
                    timings.put("deployMs", millisSince(t));
                }
                writeConfigs(cloud, runDir.resolve("config"));
                // Labs that can (libvirt) keep the deployed nodes, so every scenario starts from them.
                lab.snapshotDeployed();
                t = System.nanoTime();
                ScenarioRunner runner = new ScenarioRunner(cloud, console);
                boolean first = true;
                for (Scenario scenario : plan.scenarios()) {
                    if (!first && lab.revertToDeployed()) {
                        console.phase(scenario.name() + ": lab: every node reverted to its deployed snapshot");
                    }
                    first = false;
                    ScenarioResult result = runner.run(scenario, runDir.resolve(scenario.name()));
                    results.add(result);
                    if (result.labError() != null) {
                        labError = scenario.name() + ": " + result.labError();
                        break;
                    }
                }
                timings.put("scenariosMs", millisSince(t));
            }
        } catch (DeploymentException e) {
            deploymentError = e.getMessage();
            console.phase("deploy failed: " + e.getMessage());
        } catch (LabException e) {
            labError = e.getMessage();
            console.phase("the lab broke: " + e.getMessage());
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
                plan.name(), timings, results, deploymentError, labError);
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
            console.phase("lab: removing the lab left by a run that died ("
                    + labDir.lease().map(lease -> "pid " + lease.pid()).orElse("its lease could not be read") + ")");
            List<String> leftovers = Labs.down(labDir);
            if (!leftovers.isEmpty()) {
                throw new LabException("cannot remove the abandoned lab: " + String.join("; ", leftovers));
            }
        }
    }

    /** @return null when the machine is clean again, else what was left */
    private synchronized String tearDown(Map<String, Long> timings) {
        if (!labDir.inUse()) {
            return null;
        }
        long t = System.nanoTime();
        console.phase("lab: tearing down");
        List<String> failed = Labs.down(labDir);
        timings.put("labDownMs", millisSince(t));
        failed.forEach(step -> console.phase("lab: not removed: " + step));
        return failed.isEmpty() ? null : "lab down left " + String.join("; ", failed);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
