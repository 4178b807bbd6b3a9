package dev.hagate.check;

import static dev.hagate.probe.Result.FAIL;
import static dev.hagate.probe.Result.OK;
import static dev.hagate.probe.Result.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.probe.Histories;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MaxOutageCheckTest {

    private final MaxOutageCheck check = new MaxOutageCheck("sql", "write", Duration.ofSeconds(2));

    private CheckResult evaluate(Ops ops) {
        return check.evaluate(new Histories().add(ops.history()));
    }

    @Test
    void noFailuresIsNoOutage() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).write(2, 50, OK));
        assertThat(r.value()).isZero();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void anOutageRunsFromTheFirstFailedInvocationToTheNextSuccessfulCompletion() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).write(2, 50, FAIL).write(3, 100, UNKNOWN)
                .write(4, 1_000, FAIL).write(5, 1_550, OK));
        // 50 ms (first failure invoked) to 1555 ms (next ok completed).
        assertThat(r.value()).isEqualTo(1.505);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void theLongestOfSeveralOutagesCountsAndAboveTheLimitFails() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, FAIL).write(2, 100, OK)
                .write(3, 1_000, FAIL).write(4, 3_500, OK).write(5, 4_000, OK));
        assertThat(r.value()).isEqualTo(2.505);
        assertThat(r.limit()).isEqualTo(2.0);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void anOutageStillOpenWhenTheProbeStoppedFailsWhateverItsLength() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).write(2, 50, FAIL).write(3, 100, FAIL));
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("still failing when the probe stopped");
    }

    @Test
    void aProbeThatNeverSucceededCannotPass() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, FAIL));
        assertThat(r.passed()).isFalse();
        assertThat(r.value()).isNaN();
        assertThat(evaluate(new Ops("sql")).passed()).isFalse();
    }

    @Test
    void otherOperationKindsAreIgnored() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).op("read", 10, 20, FAIL, null).write(2, 50, OK));
        assertThat(r.value()).isZero();
    }
}
