package dev.hagate.check;

import static dev.hagate.history.Result.FAIL;
import static dev.hagate.history.Result.OK;
import static dev.hagate.history.Result.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.history.Histories;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Phases of {@link Ops#phases}: the fault in effect at 5.1 s, cool-down ends at 29 s. */
class FailureRateCheckTest {

    /** Ten seconds of outage allowed: failures are counted from 15.1 s to 29 s. */
    private final FailureRateCheck check = new FailureRateCheck("sql", "write", Duration.ofSeconds(10), 5);

    private CheckResult evaluate(Ops ops) {
        return check.evaluate(new Histories().add(Ops.phases().history()).add(ops.history()));
    }

    @Test
    void aServiceFailingOneRequestInThreeFailsThoughItHasNoLongOutage() {
        Ops ops = new Ops("sql").monotonic();
        long id = 1;
        for (long ms = 0; ms < 29_000; ms += 50, id++) {
            ops.write(id, ms, ms >= 5_100 && id % 3 == 0 ? FAIL : OK);
        }
        CheckResult r = evaluate(ops);
        assertThat(r.name()).isEqualTo("failure-rate(sql)");
        assertThat(r.unit()).isEqualTo("%");
        assertThat(r.value()).isCloseTo(33.3, org.assertj.core.data.Offset.offset(0.5));
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("93 of 278 write operations failed from 10.0 s after the fault was in effect to the end of cool-down");
        assertThat(new MaxOutageCheck("sql", "write", Duration.ofSeconds(10)).evaluate(new Histories().add(ops.history())).passed())
                .as("max-outage alone would pass it").isTrue();
    }

    @Test
    void failuresWithinTheAllowedOutageAreNotCounted() {
        // Down for 9 s after the fault: max-outage's business, not this check's.
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 5_100, 50, OK).writes(200, 5_100, 14_100, 50, FAIL)
                .writes(500, 14_100, 29_000, 50, OK);
        CheckResult r = evaluate(ops);
        assertThat(r.value()).isZero();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void unknownOutcomesCountAsFailedUpToTheEndOfCoolDownAndNotAfter() {
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 28_000, 50, OK).writes(1_000, 28_000, 29_000, 50, UNKNOWN)
                .writes(2_000, 29_050, 40_000, 50, FAIL);
        CheckResult r = evaluate(ops);
        // 20 of the 278 writes from 15.1 s to 29 s.
        assertThat(r.value()).isCloseTo(7.19, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.passed()).isFalse();
    }

    @Test
    void noOperationInTheWindowCannotPass() {
        CheckResult r = evaluate(new Ops("sql").monotonic().writes(1, 0, 10_000, 50, OK));
        assertThat(r.passed()).isFalse();
        assertThat(r.value()).isNaN();
        assertThat(r.detail()).startsWith("no write from 10.0 s after the fault was in effect");
    }

    @Test
    void withoutTheScenarioPhasesNothingCanBeSaid() {
        CheckResult r = check.evaluate(new Histories().add(new Ops("sql").writes(1, 0, 10_000, 50, OK).history()));
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("the scenario recorded no fault in effect");
    }

    @Test
    void aWallClockSteppedBackDoesNotMoveTheWindow() {
        // The failures fall in the window on the monotonic clock; on the wall clock (back 20 s at 16 s) they would precede it.
        Ops phases = new Ops("scenario").monotonic().wallStep(16_000, -20_000).phasesOn();
        Ops ops = new Ops("sql").monotonic().wallStep(16_000, -20_000).writes(1, 0, 16_000, 50, OK)
                .writes(500, 16_000, 20_000, 50, FAIL).writes(1_000, 20_000, 29_000, 50, OK);
        CheckResult r = check.evaluate(new Histories().add(phases.history()).add(ops.history()));
        assertThat(r.value()).isCloseTo(28.8, org.assertj.core.data.Offset.offset(0.1));
    }
}
