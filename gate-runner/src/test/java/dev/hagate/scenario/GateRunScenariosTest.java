package dev.hagate.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.check.CheckResult;
import dev.hagate.history.Operation;
import dev.hagate.lab.LabException;
import dev.hagate.vote.Verdict;
import dev.hagate.vote.Vote;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The order of a run's scenarios when one leaves the cloud broken: the cloud is brought back (reset, a
 * deployment again, a fresh lab) before the next, and when nothing brings it back the rest are not run, with
 * the verdict the measured failure gave.
 */
class GateRunScenariosTest {

    private static final Path RUN_DIR = Path.of("runs/r");
    private static final CheckResult RECOVERED = new CheckResult("recovery-time", 4.2, 90, "s", true, "Synced");
    private static final CheckResult NEVER_RECOVERED = new CheckResult("recovery-time", 120.1, 90, "s", false,
            "did not recover: RabbitMQ did not become one cluster of 3 running nodes within 120 s");

    private final List<String> log = new ArrayList<>();
    private final ScriptedDeployer deployer = new ScriptedDeployer(log);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Progress console = message -> out.writeBytes((message + "\n").getBytes(StandardCharsets.UTF_8));
    /** What each scenario that ran was told about its reset. */
    private final Map<String, String> resets = new LinkedHashMap<>();

    private CloudUnderTest cloud(String freshLabFailure) {
        CloudUnderTest cloud = new CloudUnderTest(new StandInLab("lab1", false, log), deployer, () -> {
            if (freshLabFailure != null) {
                throw new LabException(freshLabFailure);
            }
            log.add("up lab2");
            return new StandInLab("lab2", false, log);
        });
        cloud.deploy(step -> {});
        log.clear();
        return cloud;
    }

    private static Scenario scenario(String name) {
        return new Scenario(Path.of(name + ".yaml"), name, "", new Scenario.FaultSpec("none", null, null), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(5), List.of(), List.of());
    }

    private static List<Scenario> plan() {
        return List.of(scenario("cut-rabbitmq-node"), scenario("kill-galera-node"), scenario("galera-multi-writer"));
    }

    /** Runs each scenario as if it measured {@code checks} (or the lab broke, for {@code labErrors}), logging it. */
    private ScenarioResult ran(Scenario scenario, Operation reset, Map<String, CheckResult> checks, Map<String, String> labErrors) {
        log.add("run " + scenario.name());
        resets.put(scenario.name(), reset.detail());
        assertThat(reset.op()).isEqualTo("reset");
        assertThat(reset.ok()).isTrue();
        String labError = labErrors.get(scenario.name());
        List<CheckResult> measured = labError != null ? List.of() : List.of(checks.getOrDefault(scenario.name(), RECOVERED));
        return new ScenarioResult(scenario.name(), Instant.now(), Duration.ofSeconds(30), "fault", "recovery", measured, labError,
                RUN_DIR.resolve(scenario.name()));
    }

    private GateRun.ScenariosOutcome runPlan(CloudUnderTest cloud, Map<String, CheckResult> checks, Map<String, String> labErrors) {
        return GateRun.runScenarios(plan(), cloud, RUN_DIR, console, (s, reset) -> ran(s, reset, checks, labErrors));
    }

    private static RunResult runResult(GateRun.ScenariosOutcome outcome) {
        return new RunResult("r", Instant.EPOCH, Duration.ofMinutes(10), Map.of(), "embedded", "gate", Map.of(),
                outcome.results(), null, outcome.labError());
    }

    private String console() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aScenarioThatLeavesTheCloudBrokenFailsAndTheNextRunAfterADeploymentAgain() {
        deployer.resets(null, "RabbitMQ did not become one cluster of 3 running nodes within 120 s");

        GateRun.ScenariosOutcome outcome = runPlan(cloud(null), Map.of("cut-rabbitmq-node", NEVER_RECOVERED), Map.of());

        assertThat(log).containsExactly("reset lab1", "run cut-rabbitmq-node", "reset lab1", "redeploy lab1",
                "run kill-galera-node", "reset lab1", "run galera-multi-writer");
        assertThat(resets.get("kill-galera-node")).isEqualTo("the reset failed: RabbitMQ did not become one cluster of 3"
                + " running nodes within 120 s; deployed again on the same lab");
        assertThat(outcome.labError()).isNull();
        assertThat(outcome.results()).extracting(Vote::of).containsExactly(Verdict.FAIL, Verdict.PASS, Verdict.PASS);
        assertThat(Vote.of(runResult(outcome))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void whenADeploymentAgainFailsTheNextScenarioRunsOnAFreshLab() {
        deployer.resets(null, "not whole").redeploys("rabbitmq exited right after starting on ctl1");

        GateRun.ScenariosOutcome outcome = runPlan(cloud(null), Map.of("cut-rabbitmq-node", NEVER_RECOVERED), Map.of());

        assertThat(log).containsExactly("reset lab1", "run cut-rabbitmq-node", "reset lab1", "redeploy lab1", "close lab1",
                "up lab2", "deploy lab2", "snapshot lab2", "run kill-galera-node", "reset lab2", "run galera-multi-writer");
        assertThat(resets.get("kill-galera-node")).endsWith("; deployed on a fresh lab");
        assertThat(Vote.of(runResult(outcome))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void whenNothingBringsTheCloudBackTheRestIsNotRunBecauseOfTheFailureAndTheRunStillVotesMinusOne() {
        deployer.resets(null, "not whole").redeploys("not whole either");

        GateRun.ScenariosOutcome outcome = runPlan(cloud("ctl2 did not answer over SSH"), Map.of("cut-rabbitmq-node", NEVER_RECOVERED),
                Map.of());

        assertThat(log).containsExactly("reset lab1", "run cut-rabbitmq-node", "reset lab1", "redeploy lab1", "close lab1");
        assertThat(outcome.results()).extracting(ScenarioResult::name)
                .containsExactly("cut-rabbitmq-node", "kill-galera-node", "galera-multi-writer");
        assertThat(outcome.results()).extracting(Vote::of).containsExactly(Verdict.FAIL, Verdict.NOT_RUN, Verdict.NOT_RUN);
        String why = "because of the earlier failure of cut-rabbitmq-node, after which the cloud could not be brought back"
                + " (the reset failed: not whole; deploying again failed: not whole either; a fresh lab failed: ctl2 did not"
                + " answer over SSH)";
        assertThat(outcome.results().get(1).notRun()).isEqualTo(why);
        assertThat(outcome.results().get(2).notRun()).isEqualTo(why);
        assertThat(outcome.results().get(2).historyDir()).isEqualTo(RUN_DIR.resolve("galera-multi-writer"));
        // The failure was the change's, measured: the lab did not break, and the vote is -1, not a retry.
        assertThat(outcome.labError()).isNull();
        assertThat(Vote.of(runResult(outcome))).isEqualTo(Verdict.FAIL);
        assertThat(console()).contains("kill-galera-node: not run because of the earlier failure of cut-rabbitmq-node")
                .contains("galera-multi-writer: not run because of the earlier failure of cut-rabbitmq-node");
    }

    @Test
    void whenNothingBringsBackACloudAPassingScenarioLeftTheLabBrokeAndTheRunDoesNotVote() {
        deployer.resets(null, "not whole").redeploys("not whole either");

        GateRun.ScenariosOutcome outcome = runPlan(cloud("no space left on device"), Map.of(), Map.of());

        assertThat(outcome.results()).extracting(Vote::of).containsExactly(Verdict.PASS, Verdict.NOT_RUN, Verdict.NOT_RUN);
        assertThat(outcome.labError()).startsWith("the cloud could not be brought back whole after cut-rabbitmq-node: the reset failed")
                .endsWith("a fresh lab failed: no space left on device");
        assertThat(outcome.results().get(1).notRun()).isEqualTo("because " + outcome.labError());
        assertThat(Vote.of(runResult(outcome))).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aCloudThatCannotBeBroughtBackBeforeTheFirstScenarioIsTheLabs() {
        deployer.resets("not whole").redeploys("not whole either");

        GateRun.ScenariosOutcome outcome = runPlan(cloud("no space left on device"), Map.of(), Map.of());

        assertThat(outcome.results()).extracting(Vote::of).containsOnly(Verdict.NOT_RUN);
        assertThat(outcome.labError()).startsWith("the cloud could not be brought back whole: the reset failed: not whole");
        assertThat(Vote.of(runResult(outcome))).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aLabThatBreaksUnderAScenarioEndsTheRunWithoutAnotherReset() {
        GateRun.ScenariosOutcome outcome = runPlan(cloud(null), Map.of(),
                Map.of("kill-galera-node", "ctl1 did not answer over SSH within 60 s"));

        assertThat(log).containsExactly("reset lab1", "run cut-rabbitmq-node", "reset lab1", "run kill-galera-node");
        assertThat(outcome.labError()).isEqualTo("kill-galera-node: ctl1 did not answer over SSH within 60 s");
        assertThat(outcome.results().get(2).notRun()).isEqualTo("because the lab broke in kill-galera-node");
        assertThat(Vote.of(runResult(outcome))).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aFailureStandsWhenTheLabBreaksInALaterScenario() {
        GateRun.ScenariosOutcome outcome = runPlan(cloud(null), Map.of("cut-rabbitmq-node", NEVER_RECOVERED),
                Map.of("kill-galera-node", "ctl1 did not answer over SSH within 60 s"));

        assertThat(outcome.results()).extracting(Vote::of).containsExactly(Verdict.FAIL, Verdict.ERROR, Verdict.NOT_RUN);
        assertThat(outcome.labError()).isNotNull();
        assertThat(Vote.of(runResult(outcome))).isEqualTo(Verdict.FAIL);
    }
}
