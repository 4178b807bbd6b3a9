package dev.hagate.check;

import static dev.hagate.history.Result.FAIL;
import static dev.hagate.history.Result.OK;
import static dev.hagate.history.Result.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.history.Histories;
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

    @Test
    void aWallClockSteppedBackDuringAnOutageDoesNotHideIt() {
        // 2.5 s of failures on the monotonic clock; the wall clock went back 2 s in the middle, so on it the outage looks 0.5 s.
        CheckResult r = evaluate(new Ops("sql").monotonic().write(1, 0, OK).write(2, 1_000, FAIL)
                .wallStep(2_000, -2_000).write(3, 2_000, FAIL).write(4, 3_495, OK));
        assertThat(r.value()).isEqualTo(2.5);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aWallClockSteppedForwardInventsNoOutage() {
        // One failed write between two good ones 100 ms apart, while the wall clock jumped an hour ahead.
        CheckResult r = evaluate(new Ops("sql").monotonic().write(1, 0, OK).write(2, 50, FAIL)
                .wallStep(60, 3_600_000).write(3, 100, OK));
        assertThat(r.value()).isEqualTo(0.055);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void aWallClockSteppedBackDoesNotReorderOperations() {
        // On the wall clock the success at 1 s would sort before the failure at 0.5 s and end nothing.
        CheckResult r = evaluate(new Ops("sql").monotonic().write(1, 0, OK).write(2, 500, FAIL)
                .wallStep(1_000, -5_000).write(3, 1_000, FAIL).write(4, 3_000, OK));
        assertThat(r.value()).isEqualTo(2.505);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void withSeveralClientsEachIsJudgedAndTheWorstCounts() {
        // Client 2 fails for 3 s while client 1 keeps succeeding in between: taken together no outage would show.
        MaxOutageCheck perClient = new MaxOutageCheck("txn-probe", "txn", Duration.ofSeconds(2), new Clients(2));
        Ops ops = new Ops("txn-probe").monotonic();
        for (long ms = 0; ms < 6_000; ms += 100) {
            ops.op("txn", ms, ms + 5, OK, LongNode.valueOf(1));
            boolean failing = ms >= 1_000 && ms < 4_000;
            ops.op("txn", ms + 50, ms + 55, failing ? FAIL : OK, LongNode.valueOf(2));
        }
        CheckResult r = perClient.evaluate(new Histories().add(ops.history()));
        assertThat(r.value()).isEqualTo(3.005);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).startsWith("longest outage (client 2) began 2026-11-01T10:00:01.050Z");
        assertThat(new MaxOutageCheck("txn-probe", "txn", Duration.ofSeconds(2)).evaluate(new Histories().add(ops.history())).value())
                .isEqualTo(0.055);
    }

    @Test
    void aClientStillFailingAtTheEndFailsTheCheckThoughOthersSucceed() {
        MaxOutageCheck perClient = new MaxOutageCheck("txn-probe", "txn", Duration.ofSeconds(2), new Clients(2));
        Ops ops = new Ops("txn-probe").op("txn", 0, 5, OK, LongNode.valueOf(1)).op("txn", 10, 15, OK, LongNode.valueOf(2))
                .op("txn", 100, 105, OK, LongNode.valueOf(1)).op("txn", 110, 115, FAIL, LongNode.valueOf(2));
        CheckResult r = perClient.evaluate(new Histories().add(ops.history()));
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).startsWith("still failing when the probe stopped (client 2)");
    }
}
