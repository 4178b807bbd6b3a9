package dev.hagate.check;

import static dev.hagate.history.Result.FAIL;
import static dev.hagate.history.Result.OK;
import static dev.hagate.history.Result.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hagate.history.Histories;
import org.junit.jupiter.api.Test;

class LostWritesCheckTest {

    private final LostWritesCheck check = new LostWritesCheck("sql", 0);

    private CheckResult evaluate(Ops ops) {
        return check.evaluate(new Histories().add(ops.history()));
    }

    @Test
    void everyAcknowledgedWriteReadBackPasses() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).write(2, 50, OK).read(1, 2));
        assertThat(r.value()).isZero();
        assertThat(r.passed()).isTrue();
        assertThat(r.detail()).isEqualTo("all 2 acknowledged writes read back");
    }

    @Test
    void anAcknowledgedWriteMissingFromTheReadIsLost() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).write(2, 50, OK).write(3, 100, OK).read(1, 3));
        assertThat(r.value()).isEqualTo(1);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("ids [2]");
    }

    @Test
    void failedAndUnknownWritesMayBeMissingOrPresent() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).write(2, 50, FAIL).write(3, 100, UNKNOWN).read(1, 3));
        assertThat(r.value()).isZero();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void withoutAFinalReadNothingCanBeConcluded() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).op("read", 200, 300, FAIL, null));
        assertThat(r.passed()).isFalse();
        assertThat(r.value()).isNaN();
        assertThat(r.detail()).startsWith("the final read failed");
    }

    @Test
    void anAcknowledgedWriteWithoutAnIdIsAClearFailure() {
        CheckResult r = evaluate(new Ops("sql").write(1, 0, OK).op("write", 50, 55, OK, null).read(1));
        assertThat(r.passed()).isFalse();
        assertThat(r.value()).isNaN();
        assertThat(r.detail()).isEqualTo("the acknowledged write at 2026-11-01T10:00:00.050Z has no id");
    }

    @Test
    void anIdThatIsNotANumberIsAClearFailureNotAMatch() {
        // As a number "seven" would read as 0, and a row 0 in the read would make it look found.
        CheckResult r = evaluate(new Ops("sql").op("write", 0, 5, OK, TextNode.valueOf("seven")).read(0));
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("the acknowledged write at 2026-11-01T10:00:00Z has the id \"seven\", which is not a number");
        CheckResult read = evaluate(new Ops("sql").write(1, 0, OK)
                .op("read", 100, 110, OK, JsonNodeFactory.instance.arrayNode().add(1).add("x")));
        assertThat(read.passed()).isFalse();
        assertThat(read.detail()).isEqualTo("the final read holds \"x\", which is not a number");
    }
}
