package dev.hagate.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.check.CheckResult;
import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.Result;
import dev.hagate.lab.LabException;
import dev.hagate.probe.ProbeWentQuietException;
import dev.hagate.scenario.Scenario.CheckSpec;
import dev.hagate.scenario.Scenario.ProbeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scenario judged from its histories: warm-up 0-5 s, the fault in effect at 5.1 s, hold to 20.1 s, cool-down 24-29 s. */
class ScenarioJudgeTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private static Operation at(String probe, String op, long fromMs, long toMs, Result result, Long value) {
        return new Operation(probe, op, T0.plusMillis(fromMs), T0.plusMillis(toMs), result, null,
                value == null ? null : LongNode.valueOf(value), fromMs * 1_000_000, toMs * 1_000_000);
    }

    private static History phases() {
        return History.inMemory("scenario", List.of(at("scenario", "warmup", 0, 5_000, Result.OK, null),
                at("scenario", "fault", 5_000, 5_100, Result.OK, null), at("scenario", "hold", 5_100, 20_100, Result.OK, null),
                at("scenario", "recover", 20_100, 24_000, Result.OK, null), at("scenario", "cooldown", 24_000, 29_000, Result.OK, null)));
    }

    /** Writes every 50 ms until 29 s, failing from 5.1 s for {@code outageMs}, except none from {@code quietFromMs} to {@code quietToMs}. */
    private static History writes(long outageMs, long quietFromMs, long quietToMs) {
        List<Operation> ops = new ArrayList<>();
        for (long ms = 0, id = 1; ms < 29_000; ms += 50, id++) {
            if (ms >= quietFromMs && ms < quietToMs) {
                continue;
            }
            boolean down = ms >= 5_100 && ms < 5_100 + outageMs;
            ops.add(at("sql-writer", "write", ms, ms + 5, down ? Result.FAIL : Result.OK, id));
        }
        return History.inMemory("sql-writer", ops);
    }

    private static Scenario scenario(List<ProbeSpec> probes, CheckSpec... checks) {
        return new Scenario(Path.of("s.yaml"), "s", "", new Scenario.FaultSpec("kill-galera-node", "writer"), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(5), probes, List.of(checks));
    }

    private static final Scenario WRITER = scenario(List.of(new ProbeSpec("sql-writer", 20.0)),
            new CheckSpec("max-outage", "sql-writer", "10s"), new CheckSpec("failure-rate", "sql-writer", "1%"),
            new CheckSpec("warmup-latency", "sql-writer", "100ms"), new CheckSpec("cooldown-latency", "sql-writer", "100ms"));

    @Test
    void aProbeThatKeptItsRecordIsJudgedOnEveryCheckWithTheOutageItIsAllowed() {
        // Down 8 s after the fault: within max-outage's 10 s, so the failures are not counted as a share either.
        List<CheckResult> results = ScenarioJudge.judge(WRITER, new Histories().add(phases()).add(writes(8_000, 0, 0)));
        assertThat(results).extracting(CheckResult::name).containsExactly("max-outage(sql-writer)", "failure-rate(sql-writer)",
                "warmup-latency(sql-writer)", "cooldown-latency(sql-writer)");
        assertThat(results).allMatch(CheckResult::passed);
        assertThat(results.get(0).value()).isEqualTo(8.005);
        assertThat(results.get(1).value()).isZero();
        assertThat(results.get(2).figures()).containsKey("p50");
    }

    @Test
    void aProbeThatWentQuietInTheHoldMakesTheScenarioALabErrorWhateverTheChecksSay() {
        ProbeWentQuietException e = catchThrowableOfType(ProbeWentQuietException.class,
                () -> ScenarioJudge.judge(WRITER, new Histories().add(phases()).add(writes(0, 10_000, 16_000))));
        // sql-writer: 20 a second, and an insert takes at most 5 s by its own timeouts.
        assertThat(e).isInstanceOf(LabException.class)
                .hasMessage("probe sql-writer recorded nothing for 6.05 s in the hold, from 2026-11-01T10:00:09.955Z to "
                        + "2026-11-01T10:00:16Z; at its rate and timeout the longest gap allowed is 5.10 s");
    }

    @Test
    void aProbeWhoseOperationsStopBeforeTheEndIsALabError() {
        assertThat(catchThrowableOfType(ProbeWentQuietException.class,
                () -> ScenarioJudge.judge(WRITER, new Histories().add(phases()).add(writes(0, 22_000, 29_000)))))
                .hasMessageStartingWith("probe sql-writer recorded no operation in the cool-down");
    }

    @Test
    void aProbeThatRecordedNothingIsALabErrorNotAnUnmeasuredFail() {
        assertThat(catchThrowableOfType(ProbeWentQuietException.class,
                () -> ScenarioJudge.judge(WRITER, new Histories().add(phases()))))
                .hasMessageContaining("probe sql-writer recorded no operation in the hold");
    }

    @Test
    void oneClientOfSeveralGoingQuietIsALabErrorNamingTheClient() {
        List<Operation> ops = new ArrayList<>();
        for (long ms = 0; ms < 29_000; ms += 200) {
            for (long client = 1; client <= 4; client++) {
                if (client != 2 || ms < 3_000) {
                    ops.add(at("sql-contention", "txn", ms + client, ms + client + 5, Result.OK, client));
                }
            }
        }
        Scenario contention = scenario(List.of(new ProbeSpec("sql-contention", 20.0)), new CheckSpec("deadlocks", "sql-contention", 0));
        assertThat(catchThrowableOfType(ProbeWentQuietException.class, () -> ScenarioJudge.judge(contention,
                new Histories().add(phases()).add(History.inMemory("sql-contention", ops)))))
                .hasMessageContaining("probe sql-contention (client 2) recorded no operation in the hold");
    }
}
