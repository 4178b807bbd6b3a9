package dev.hagate.scenario;

import dev.hagate.check.Check;
import dev.hagate.check.CheckResult;
import dev.hagate.check.Phases;
import dev.hagate.check.RecordGaps;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.fault.Fault;
import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import dev.hagate.history.RunClock;
import dev.hagate.history.RunClock.Moment;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeCommandException;
import dev.hagate.lab.ServiceLogs;
import dev.hagate.probe.CloudHealth;
import dev.hagate.probe.Probe;
import dev.hagate.probe.ProbeWentQuietException;
import dev.hagate.yaml.DurationDeserializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one scenario on a deployed cloud that was just brought back whole (the reset, done by the caller, is
 * recorded as the first phase): start the probes, warm up, inject the fault, hold, recover, cool down, stop
 * the probes, read back, examine the cloud's health, run the checks. Each phase is an operation of the
 * scenario's own history ({@code scenario.jsonl}), so the checks and the reports read only histories.
 * A recovery that fails is the scenario's own failure: its {@code recovery-time} fails, whether or not the
 * scenario's file asks for that check, and stays measured when the lab breaks afterwards. A probe that stopped
 * measuring (its thread died, its history could not be written, its record has a gap) makes the scenario a lab
 * error: it must not pass unmeasured.
 */
public final class ScenarioRunner {

    private final Cloud cloud;
    private final Progress progress;

    public ScenarioRunner(Cloud cloud, Progress progress) {
        this.cloud = cloud;
        this.progress = progress;
    }

    /**
     * Runs {@code scenario}, writing its histories under {@code historyDir}. Never throws for lab failures: they
     * are in the result.
     *
     * @param reset how the cloud was brought back whole before it, recorded as the scenario's first phase
     */
    public ScenarioResult run(Scenario scenario, Path historyDir, Operation reset) {
        Instant started = Instant.now();
        Histories histories = new Histories();
        List<History> opened = new ArrayList<>();
        History phases = History.open(historyDir, History.SCENARIO);
        opened.add(phases);
        histories.add(phases);
        List<Probe> probes = new ArrayList<>();
        String[] fault = new String[1];
        String recovery = null;
        String prefix = scenario.name() + ": ";
        ServiceLogs logs = null;
        try {
            phases.record(reset);
            logs = ServiceLogs.openWindow(cloud.lab());
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
            progress.phase(prefix + "workloads: " + String.join(", ", probes.stream().map(Probe::name).toList())
                    + "; warm-up " + scenario.warmup().toSeconds() + " s");
            probes.forEach(Probe::start);
            phase(phases, Phases.WARMUP, () -> sleep(scenario.warmup()));

            Fault f = Catalog.fault(scenario.fault(), cloud);
            fault[0] = phase(phases, Phases.FAULT, f::inject);
            progress.phase(prefix + "fault: " + fault[0] + "; holding " + scenario.hold().toSeconds() + " s");
            phase(phases, Phases.HOLD, () -> sleep(scenario.hold()));

            progress.phase(prefix + "recover: undoing the fault, waiting until the cluster is whole");
            Moment recoverAt = RunClock.SYSTEM.now();
            String recoveryLine;
            try {
                recovery = f.recover();
                phases.record(Operation.of(History.SCENARIO, OperationNames.RECOVER, recoverAt, RunClock.SYSTEM.now(), Result.OK, recovery, null));
                recoveryLine = "recovered in " + seconds(Duration.ofNanos(RunClock.SYSTEM.now().nanos() - recoverAt.nanos()));
            } catch (DeploymentException e) {
                recovery = "did not recover: " + e.getMessage();
                phases.record(Operation.of(History.SCENARIO, OperationNames.RECOVER, recoverAt, RunClock.SYSTEM.now(), Result.FAIL, e.getMessage(), null));
                recoveryLine = recovery;
            }
            progress.phase(prefix + recoveryLine + "; cool-down " + scenario.cooldown().toSeconds() + " s");
            phase(phases, Phases.COOLDOWN, () -> sleep(scenario.cooldown()));
            stopAll(probes);
            requireMeasuring(probes, opened);
            progress.phase(prefix + "checks: reading back what the probes wrote");
            phase(phases, "verify", () -> {
                probes.forEach(Probe::verify);
                return "read back by " + String.join(", ", probes.stream().map(Probe::name).toList());
            });
            if (scenario.checks().stream().anyMatch(c -> c.kind().equals(Catalog.CheckKind.HEALTHY_AFTER.id))) {
                progress.phase(prefix + "health: clusters, queues, a token from every node, Tempest identity smoke tests");
                new CloudHealth(cloud, historyDir).examine(phases);
            }

            return new ScenarioResult(scenario.name(), started, Duration.between(started, Instant.now()), fault[0], recovery,
                    ScenarioJudge.judge(scenario, histories), null, historyDir, null, paces(scenario));
        } catch (LabException | NodeCommandException | DeploymentException e) {
            // The lab (a node, a command, a service the fault or a probe needed) broke: the scenario has no verdict,
            // except a recovery that had already failed, which was measured before and stays its failure. Any other
            // exception is a defect of the runner: it ends the run, which tears the lab down (exit 4, no vote).
            stopAll(probes);
            String why = e instanceof LabException ? e.getMessage() : "unexpected " + e;
            progress.phase(prefix + "the lab broke: " + why);
            return new ScenarioResult(scenario.name(), started, Duration.between(started, Instant.now()), fault[0], recovery,
                    ScenarioJudge.judgeBeforeTheLabBroke(scenario, histories), why, historyDir, null, paces(scenario));
        } catch (RuntimeException e) {
            stopAll(probes);
            throw e;
        } finally {
            opened.forEach(History::close);
            copyLogs(logs, historyDir.resolve("logs"));
        }
    }

    /** How each probe of {@code scenario} records, by its name: what its outages are measured on. */
    private static Map<String, RecordGaps.Pace> paces(Scenario scenario) {
        Map<String, RecordGaps.Pace> paces = new LinkedHashMap<>();
        scenario.probes().forEach(spec -> paces.put(spec.kind(), Catalog.pace(spec)));
        return paces;
    }

    /** Runs one phase and records it in the scenario's history; a phase that throws is recorded as failed. */
    private static String phase(History phases, String name, Supplier<String> body) {
        Moment start = RunClock.SYSTEM.now();
        try {
            String detail = body.get();
            phases.record(Operation.of(History.SCENARIO, name, start, RunClock.SYSTEM.now(), Result.OK, detail, null));
            return detail;
        } catch (RuntimeException e) {
            phases.record(Operation.of(History.SCENARIO, name, start, RunClock.SYSTEM.now(), Result.FAIL, e.getMessage(), null));
            throw e;
        }
    }

    /**
     * After the probes were stopped: each must have measured until then. A client thread that died or hung, or
     * a history a write to failed (perhaps in a thread that swallowed the error), leaves the scenario unmeasured.
     */
    private static void requireMeasuring(List<Probe> probes, List<History> histories) {
        for (Probe probe : probes) {
            probe.failure().ifPresent(why -> {
                throw new ProbeWentQuietException("probe " + probe.name() + " went quiet: " + why);
            });
        }
        for (History history : histories) {
            history.writeFailure().ifPresent(why -> {
                throw history.probe().equals(History.SCENARIO) ? new LabException(why)
                        : new ProbeWentQuietException("probe " + history.probe() + " went quiet: " + why);
            });
        }
    }

    private void copyLogs(ServiceLogs logs, Path dir) {
        if (logs == null) {
            return;
        }
        try {
            logs.copyTo(dir);
        } catch (RuntimeException e) {
            // The logs explain a failure; failing to fetch them must not hide it.
            progress.phase("could not fetch the services' logs: " + e.getMessage());
        }
    }

    private static void stopAll(List<Probe> probes) {
        probes.forEach(Probe::stop);
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return DurationDeserializer.format(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }
}
