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
    void aBrokenLabNeverVotesEvenWhenChecksPassedOrFailed() {
        assertThat(Vote.of(run(null, "ctl2 unreachable", scenario(null, PASSED)))).isEqualTo(Verdict.ERROR);
        assertThat(Vote.of(run(null, "ctl2 unreachable", scenario(null, MISSED)))).isEqualTo(Verdict.ERROR);
        assertThat(Verdict.ERROR.exitCode()).isEqualTo(3);
        assertThat(Verdict.ERROR.vote()).isEqualTo("none");
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
