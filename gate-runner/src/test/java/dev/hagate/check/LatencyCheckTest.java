package dev.hagate.check;

import static dev.hagate.history.Result.FAIL;
import static dev.hagate.history.Result.OK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.history.Histories;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Phases of {@link Ops#phases}: warm-up 0 to 5 s, cool-down 24 to 29 s. */
class LatencyCheckTest {

    private static CheckResult evaluate(String phase, Duration limit, Ops ops) {
        return new LatencyCheck("sql", "write", phase, limit).evaluate(new Histories().add(Ops.phases().history()).add(ops.history()));
    }

    /** 100 writes in {@code [fromMs, fromMs + 5 s)}: 98 taking 5 ms, one 40 ms and one {@code slowestMs}. */
    private static Ops hundredWrites(Ops ops, long fromMs, long slowestMs) {
        for (int i = 0; i < 100; i++) {
            long at = fromMs + i * 50L;
            long took = i == 10 ? 40 : i == 20 ? slowestMs : 5;
            ops.op("write", at, at + took, OK, LongNode.valueOf(fromMs + i));
        }
        return ops;
    }

    @Test
    void theP99OfSuccessfulOperationsInThePhaseIsJudgedWithTheP50Beside() {
        Ops ops = hundredWrites(new Ops("sql").monotonic(), 0, 45);
        CheckResult r = evaluate(Phases.WARMUP, Duration.ofMillis(100), ops);
        assertThat(r.name()).isEqualTo("warmup-latency(sql)");
        assertThat(r.unit()).isEqualTo("ms");
        assertThat(r.value()).isEqualTo(40.0);
        assertThat(r.limit()).isEqualTo(100.0);
        assertThat(r.figures()).containsExactly(java.util.Map.entry("p50", 5.0));
        assertThat(r.passed()).isTrue();
        assertThat(r.detail()).isEqualTo("p99 40.00 ms, p50 5.00 ms over 100 successful write operations in the warm-up");
    }

    @Test
    void aServiceSlowAfterRecoveryFailsTheCoolDownButNotTheWarmUp() {
        Ops ops = hundredWrites(new Ops("sql").monotonic(), 0, 45);
        for (long ms = 24_000, id = 1_000; ms < 29_000; ms += 50, id++) {
            ops.op("write", ms, ms + 700, OK, LongNode.valueOf(id));
        }
        assertThat(evaluate(Phases.WARMUP, Duration.ofMillis(100), ops).passed()).isTrue();
        CheckResult cool = evaluate(Phases.COOLDOWN, Duration.ofMillis(100), ops);
        assertThat(cool.name()).isEqualTo("cooldown-latency(sql)");
        assertThat(cool.value()).isEqualTo(700.0);
        assertThat(cool.passed()).isFalse();
    }

    @Test
    void failedOperationsAndOtherPhasesAreLeftOut() {
        Ops ops = hundredWrites(new Ops("sql").monotonic(), 0, 45).op("write", 1_010, 3_010, FAIL, LongNode.valueOf(9_999))
                .op("write", 10_000, 19_000, OK, LongNode.valueOf(10_000));
        assertThat(evaluate(Phases.WARMUP, Duration.ofMillis(100), ops).value()).isEqualTo(40.0);
    }

    @Test
    void noSuccessfulOperationInThePhaseIsUnmeasurable() {
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 5_000, 50, FAIL);
        CheckResult r = evaluate(Phases.WARMUP, Duration.ofMillis(100), ops);
        assertThat(r.passed()).isFalse();
        assertThat(r.value()).isNaN();
        assertThat(r.detail()).isEqualTo("no successful write in the warm-up");
    }

    @Test
    void aWallClockStepInsideAnOperationChangesNotItsLatency() {
        Ops phases = new Ops("scenario").monotonic().wallStep(2_003, -60_000).phasesOn();
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 2_000, 50, OK).wallStep(2_003, -60_000).writes(100, 2_000, 5_000, 50, OK);
        CheckResult r = new LatencyCheck("sql", "write", Phases.WARMUP, Duration.ofMillis(100))
                .evaluate(new Histories().add(phases.history()).add(ops.history()));
        assertThat(r.value()).isEqualTo(5.0);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void percentilesAreByNearestRank() {
        long[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(LatencyCheck.percentile(values, 50)).isEqualTo(5);
        assertThat(LatencyCheck.percentile(values, 99)).isEqualTo(10);
        assertThat(LatencyCheck.percentile(new long[] {7}, 99)).isEqualTo(7);
    }
}
