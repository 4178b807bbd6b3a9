package dev.hagate.check;

import static dev.hagate.history.Result.OK;
import static dev.hagate.history.Result.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hagate.history.Histories;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DuplicateGatewayCheckTest {

    private final DuplicateGatewayCheck check = new DuplicateGatewayCheck("gw", Duration.ZERO);

    /** A sample at {@code ms}, taking 20 ms, with these routers answering for the gateway. */
    static Ops sample(Ops ops, long ms, String... holders) {
        var array = JsonNodeFactory.instance.arrayNode();
        for (String h : holders) {
            array.add(h);
        }
        return ops.op("holders", ms, ms + 20, OK, array);
    }

    private CheckResult evaluate(Ops ops) {
        return check.evaluate(new Histories().add(ops.history()));
    }

    @Test
    void aCleanFailoverHasNoDuplicate() {
        Ops ops = new Ops("gw");
        sample(ops, 0, "net1");
        sample(ops, 200);
        sample(ops, 400, "net2");
        CheckResult r = evaluate(ops);
        assertThat(r.value()).isZero();
        assertThat(r.passed()).isTrue();
        assertThat(r.detail()).contains("one router at most answered for the gateway in all 3 samples");
    }

    @Test
    void twoRoutersAnsweringRunsFromTheFirstSampleShowingItToTheNextThatDoesNot() {
        Ops ops = new Ops("gw");
        sample(ops, 0, "net1");
        sample(ops, 200, "net1", "net2");
        sample(ops, 400, "net2", "net1");
        sample(ops, 600, "net2");
        CheckResult r = evaluate(ops);
        // 200 ms (first duplicate invoked) to 620 ms (the next clean sample completed).
        assertThat(r.value()).isEqualTo(0.42);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).startsWith("net1 and net2 both answered for the gateway from");
    }

    @Test
    void aSingleDuplicateSampleFailsAZeroLimit() {
        Ops ops = new Ops("gw");
        sample(ops, 0, "net1", "net2");
        sample(ops, 200, "net1");
        assertThat(evaluate(ops).passed()).isFalse();
        assertThat(new DuplicateGatewayCheck("gw", Duration.ofSeconds(1)).evaluate(new Histories().add(ops.history())).passed()).isTrue();
    }

    @Test
    void aDuplicateStillThereAtTheLastSampleFailsWhateverTheLimit() {
        Ops ops = new Ops("gw");
        sample(ops, 0, "net1");
        sample(ops, 200, "net1", "net2");
        CheckResult r = new DuplicateGatewayCheck("gw", Duration.ofMinutes(5)).evaluate(new Histories().add(ops.history()));
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("still both answered for the gateway at the last sample");
    }

    @Test
    void samplesThatCouldNotBeTakenAreIgnoredAndNoSamplesCannotPass() {
        Ops ops = new Ops("gw");
        ops.op("holders", 0, 5_000, UNKNOWN, (JsonNode) null);
        assertThat(evaluate(ops).passed()).isFalse();
        assertThat(evaluate(ops).value()).isNaN();
        sample(ops, 6_000, "net1");
        assertThat(evaluate(ops).passed()).isTrue();
    }
}
