package dev.hagate.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.check.CheckResult;
import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recovery that fails is the scenario's own failure, whatever its file checks and whatever breaks after it. */
class ScenarioRunnerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static Scenario scenario(Scenario.CheckSpec... checks) {
        return new Scenario(Path.of("cut.yaml"), "cut-rabbitmq-node", "", new Scenario.FaultSpec("partition", "ctl1", 25672),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), List.of(new Scenario.ProbeSpec("amqp", null)),
                List.of(checks));
    }

    private static Histories recovery(Result result, String detail) {
        return new Histories().add(History.inMemory("scenario", List.of(
                new Operation("scenario", "reset", T0, T0.plusSeconds(3), Result.OK, "whole", null),
                new Operation("scenario", "recover", T0.plusSeconds(40), T0.plusSeconds(160), result, detail, null))))
                .add(History.inMemory("amqp", List.of(
                        new Operation("amqp", "publish", T0.plusSeconds(5), T0.plusSeconds(6), Result.OK, null, null))));
    }

    private static final Scenario.CheckSpec OUTAGE = new Scenario.CheckSpec("max-outage", "amqp", "30s");

    @Test
    void aFailedRecoveryFailsAScenarioWhoseFileDoesNotCheckIt() {
        List<CheckResult> results = ScenarioJudge.judge(scenario(OUTAGE),
                recovery(Result.FAIL, "RabbitMQ did not become one cluster of 3 running nodes within 120 s"));

        assertThat(results).extracting(CheckResult::name).containsExactly("max-outage(amqp)", "recovery-time");
        CheckResult recovery = results.get(1);
        assertThat(recovery.passed()).isFalse();
        assertThat(recovery.limit()).isEqualTo(ScenarioJudge.DEFAULT_RECOVERY_LIMIT.toSeconds());
        assertThat(recovery.detail()).isEqualTo("did not recover: RabbitMQ did not become one cluster of 3 running nodes within 120 s");
    }

    @Test
    void aScenarioThatChecksItsRecoveryIsJudgedOnItsOwnLimitOnce() {
        List<CheckResult> results = ScenarioJudge.judge(scenario(OUTAGE, new Scenario.CheckSpec("recovery-time", null, "90s")),
                recovery(Result.FAIL, "not whole"));

        assertThat(results).extracting(CheckResult::name).containsExactly("max-outage(amqp)", "recovery-time");
        assertThat(results.get(1).limit()).isEqualTo(90);
        assertThat(results.get(1).passed()).isFalse();
    }

    @Test
    void aRecoveryThatWorkedAddsNothing() {
        assertThat(ScenarioJudge.judge(scenario(OUTAGE), recovery(Result.OK, "healed")))
                .extracting(CheckResult::name).containsExactly("max-outage(amqp)");
    }

    @Test
    void aFailedRecoveryStandsWhenTheLabBreaksAfterIt() {
        List<CheckResult> results = ScenarioJudge.judgeBeforeTheLabBroke(scenario(OUTAGE, new Scenario.CheckSpec("recovery-time", null, "90s")),
                recovery(Result.FAIL, "not whole"));

        assertThat(results).extracting(CheckResult::name).containsExactly("recovery-time");
        assertThat(results.get(0).passed()).isFalse();
        assertThat(ScenarioJudge.judgeBeforeTheLabBroke(scenario(OUTAGE), recovery(Result.OK, "healed")))
                .as("nothing else stands on histories the break may have cut short").isEmpty();
    }
}
