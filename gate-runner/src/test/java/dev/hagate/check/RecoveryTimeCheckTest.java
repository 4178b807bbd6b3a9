package dev.hagate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.history.Histories;
import dev.hagate.history.Result;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecoveryTimeCheckTest {

    private final RecoveryTimeCheck check = new RecoveryTimeCheck(Duration.ofSeconds(30));

    @Test
    void measuresTheRecoverOperation() {
        Ops scenario = new Ops("scenario").op("fault", 0, 100, Result.OK, null).op("recover", 15_000, 19_250, Result.OK, null);
        CheckResult r = check.evaluate(new Histories().add(scenario.history()));
        assertThat(r.value()).isEqualTo(4.25);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void aRecoveryThatTimedOutFails() {
        Ops scenario = new Ops("scenario").op("recover", 0, 10_000, Result.FAIL, null);
        assertThat(check.evaluate(new Histories().add(scenario.history())).passed()).isFalse();
    }

    @Test
    void noRecoveryRecordedFails() {
        assertThat(check.evaluate(new Histories()).passed()).isFalse();
    }

    @Test
    void aWallClockSteppedDuringRecoveryNeitherShortensNorLengthensIt() {
        Ops back = new Ops("scenario").monotonic().op("fault", 0, 100, Result.OK, null).wallStep(16_000, -10_000)
                .op("recover", 15_000, 19_250, Result.OK, null);
        assertThat(check.evaluate(new Histories().add(back.history())).value()).isEqualTo(4.25);
        Ops ahead = new Ops("scenario").monotonic().wallStep(16_000, 60_000).op("recover", 15_000, 19_250, Result.OK, null);
        assertThat(check.evaluate(new Histories().add(ahead.history())).value()).isEqualTo(4.25);
    }
}
