package dev.hagate.scenario;

import dev.hagate.check.CheckResult;
import dev.hagate.check.RecoveryTimeCheck;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.fault.Fault;
import dev.hagate.lab.LabException;
import dev.hagate.probe.Histories;
import dev.hagate.probe.History;
import dev.hagate.probe.Operation;
import dev.hagate.probe.Probe;
import dev.hagate.probe.Result;
import dev.hagate.report.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scenario on a deployed cloud: reset (wait until whole), start the probes, warm up, inject the
 * fault, hold, recover, cool down, stop the probes, read back, run the checks. The scenario's own phases go
 * into a history too ({@code scenario.jsonl}), so the checks read only histories.
 */
public final class ScenarioRunner {

    private static final Duration RESET_TIMEOUT = Duration.ofMinutes(2);
    private final Cloud cloud;
    private final Console console;

    public ScenarioRunner(Cloud cloud, Console console) {
        this.cloud = cloud;
        this.console = console;
    }

    /** Runs {@code scenario}, writing its histories under {@code historyDir}. Never throws for lab failures: they are in the result. */
    public ScenarioResult run(Scenario scenario, Path historyDir) {
        Instant started = Instant.now();
        Histories histories = new Histories();
        List<History> opened = new ArrayList<>();
        History phases = History.open(historyDir, RecoveryTimeCheck.SCENARIO_HISTORY);
        opened.add(phases);
        histories.add(phases);
        List<Probe> probes = new ArrayList<>();
        String fault = null;
        String recovery = null;
        String prefix = scenario.name() + ": ";
        try {
            console.phase(prefix + "reset: waiting until the cluster is whole");
            try {
                cloud.galera().awaitWhole(RESET_TIMEOUT);
            } catch (DeploymentException e) {
                throw new LabException("the lab is not healthy before the scenario: " + e.getMessage(), e);
            }
            for (Scenario.ProbeSpec spec : scenario.probes()) {
                History history = History.open(historyDir, spec.kind());
                opened.add(history);
                histories.add(history);
                Probe probe = Catalog.probe(spec, cloud, history);
                try {
                    probe.prepare();
                } catch (Exception e) {
                    throw new LabException("probe " + probe.name() + " cannot prepare its workload on a healthy cluster: " + e.getMessage(), e);
                }
                probes.add(probe);
            }
            console.phase(prefix + "workloads: " + String.join(", ", probes.stream().map(Probe::name).toList())
                    + "; warm-up " + scenario.warmup().toSeconds() + " s");
            probes.forEach(Probe::start);
            sleep(scenario.warmup());

            Fault f = Catalog.fault(scenario.fault(), cloud);
            Instant injectAt = Instant.now();
            fault = f.inject();
            phases.record(new Operation("scenario", "fault", injectAt, Instant.now(), Result.OK, fault, null));
            console.phase(prefix + "fault: " + fault + "; holding " + scenario.hold().toSeconds() + " s");
            sleep(scenario.hold());

            console.phase(prefix + "recover: undoing the fault, waiting until the cluster is whole");
            Instant recoverAt = Instant.now();
            try {
                recovery = f.recover();
                phases.record(new Operation("scenario", "recover", recoverAt, Instant.now(), Result.OK, recovery, null));
            } catch (DeploymentException e) {
                recovery = "did not recover: " + e.getMessage();
                phases.record(new Operation("scenario", "recover", recoverAt, Instant.now(), Result.FAIL, e.getMessage(), null));
            }
            console.phase(prefix + "recovered in " + seconds(Duration.between(recoverAt, Instant.now()))
                    + "; cool-down " + scenario.cooldown().toSeconds() + " s");
            sleep(scenario.cooldown());
            stopAll(probes);
            console.phase(prefix + "checks: reading back what the probes wrote");
            probes.forEach(Probe::verify);

            List<CheckResult> results = scenario.checks().stream().map(Catalog::check).map(c -> c.evaluate(histories)).toList();
            return new ScenarioResult(scenario.name(), started, Duration.between(started, Instant.now()), fault, recovery,
                    results, null, historyDir);
        } catch (RuntimeException e) {
            // Anything but a measured SLA miss leaves the scenario without a verdict: it must not vote.
            stopAll(probes);
            String why = e instanceof LabException ? e.getMessage() : "unexpected " + e;
            console.phase(prefix + "the lab broke: " + why);
            return new ScenarioResult(scenario.name(), started, Duration.between(started, Instant.now()), fault, recovery,
                    List.of(), why, historyDir);
        } finally {
            opened.forEach(History::close);
        }
    }

    private static void stopAll(List<Probe> probes) {
        probes.forEach(Probe::stop);
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }
}
