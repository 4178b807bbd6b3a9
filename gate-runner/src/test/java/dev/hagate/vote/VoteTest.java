package dev.hagate.vote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.check.CheckResult;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoteTest {

    static final CheckResult PASSED = new CheckResult("max-outage(sql-writer)", 1.5, 10, "s", true, "");
    static final CheckResult MISSED = new CheckResult("lost-writes(sql-writer)", 3, 0, "writes", false, "ids [4, 5, 6]");

    static ScenarioResult scenario(String labError, CheckResult... checks) {
        return new ScenarioResult("s", Instant.EPOCH, Duration.ofSeconds(30), "kill", "back", List.of(checks), labError, Path.of("s"));
    }

    static ScenarioResult notRun() {
        return ScenarioResult.notRun("later", "because of the earlier failure of s", Path.of("later"));
    }

    static RunResult run(String deploymentError, String labError, ScenarioResult... scenarios) {
        return new RunResult("r", Instant.EPOCH, Duration.ofMinutes(1), Map.of("commit", "abc"), "embedded", "gate",
                Map.of(), List.of(scenarios), deploymentError, labError);
    }

    @Test
    void allChecksHeldIsAPlusOneAndExitZero() {
        Verdict v = Vote.of(run(null, null, scenario(null, PASSED)));
        assertThat(v).isEqualTo(Verdict.PASS);
        assertThat(v.exitCode()).isZero();
        assertThat(v.vote()).isEqualTo("+1");
    }

    @Test
    void aMissedCheckIsAMinusOneAndExitOne() {
        Verdict v = Vote.of(run(null, null, scenario(null, PASSED), scenario(null, PASSED, MISSED)));
        assertThat(v).isEqualTo(Verdict.FAIL);
        assertThat(v.exitCode()).isEqualTo(1);
        assertThat(v.vote()).isEqualTo("-1");
    }

    @Test
    void aBrokenDeploymentIsTheChangesFault() {
        assertThat(Vote.of(run("HAProxy rejects its configuration", null))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aBrokenLabNeverVotesOnChecksThatPassed() {
        assertThat(Vote.of(run(null, "ctl2 unreachable", scenario(null, PASSED)))).isEqualTo(Verdict.ERROR);
        assertThat(Vote.of(run(null, null, scenario(null, PASSED), scenario("ctl2 unreachable")))).isEqualTo(Verdict.ERROR);
        assertThat(Verdict.ERROR.exitCode()).isEqualTo(3);
        assertThat(Verdict.ERROR.vote()).isEqualTo("none");
    }

    @Test
    void aMeasuredFailureStandsWhateverTheLabDidAfterIt() {
        // A -1 must not become a retry because the lab broke later in the run, or while it was torn down.
        assertThat(Vote.of(run(null, "ctl2 unreachable", scenario(null, MISSED)))).isEqualTo(Verdict.FAIL);
        assertThat(Vote.of(run(null, "s2: ctl2 unreachable", scenario(null, MISSED), scenario("ctl2 unreachable"))))
                .isEqualTo(Verdict.FAIL);
        assertThat(Vote.of(run("HAProxy rejects its configuration", "lab down left netns hagate-ctl1"))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aFailureStandsBeforeALabErrorAsAfterIt() {
        assertThat(Vote.of(run(null, "s1: ctl2 unreachable", scenario("ctl2 unreachable"), scenario(null, MISSED))))
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void scenariosNotRunAfterAFailureLeaveTheRunAtMinusOne() {
        RunResult run = run(null, null, scenario(null, MISSED), notRun(), notRun());
        assertThat(Vote.of(run)).isEqualTo(Verdict.FAIL);
        assertThat(Vote.of(run.scenarios().get(1))).isEqualTo(Verdict.NOT_RUN);
    }

    @Test
    void aScenarioNotRunIsNeverAPass() {
        assertThat(Vote.of(run(null, null, scenario(null, PASSED), notRun()))).isEqualTo(Verdict.ERROR);
        assertThat(Verdict.NOT_RUN.id()).isEqualTo("not-run");
    }

    @Test
    void aRecoveryThatFailedBeforeTheLabBrokeIsTheScenariosFailure() {
        CheckResult neverRecovered = new CheckResult("recovery-time", 120, 90, "s", false, "did not recover: ...");
        assertThat(Vote.of(scenario("Tempest did not run", neverRecovered))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void failOutranksErrorWhichOutranksPassAndTheRunIsNeverNotRun() {
        for (Verdict v : Verdict.values()) {
            assertThat(Verdict.FAIL.and(v)).isEqualTo(Verdict.FAIL);
            assertThat(v.and(Verdict.FAIL)).isEqualTo(Verdict.FAIL);
        }
        assertThat(Verdict.PASS.and(Verdict.PASS)).isEqualTo(Verdict.PASS);
        assertThat(Verdict.PASS.and(Verdict.ERROR)).isEqualTo(Verdict.ERROR);
        assertThat(Verdict.ERROR.and(Verdict.PASS)).isEqualTo(Verdict.ERROR);
        assertThat(Verdict.PASS.and(Verdict.NOT_RUN)).isEqualTo(Verdict.ERROR);
        assertThat(Verdict.NOT_RUN.and(Verdict.NOT_RUN)).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aScenarioWithoutChecksOrWithALabErrorIsNoPass() {
        assertThat(Vote.of(scenario(null))).isEqualTo(Verdict.ERROR);
        assertThat(Vote.of(scenario("timed out", PASSED))).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aRunThatRanNothingIsNoPass() {
        assertThat(Vote.of(run(null, null))).isEqualTo(Verdict.ERROR);
    }
}
