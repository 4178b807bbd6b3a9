package dev.hagate.check;

import static dev.hagate.check.DuplicateGatewayCheckTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.history.Histories;
import org.junit.jupiter.api.Test;

class GatewayMovesCheckTest {

    private final GatewayMovesCheck check = new GatewayMovesCheck("gw", 1);

    private CheckResult evaluate(Ops ops) {
        return check.evaluate(new Histories().add(ops.history()));
    }

    @Test
    void oneFailoverIsOneMoveEvenWithAGapWithoutMaster() {
        Ops ops = new Ops("gw");
        sample(ops, 0, "net1");
        sample(ops, 200);
        sample(ops, 400);
        sample(ops, 600, "net2");
        sample(ops, 800, "net2");
        CheckResult r = evaluate(ops);
        assertThat(r.value()).isEqualTo(1);
        assertThat(r.passed()).isTrue();
        assertThat(r.detail()).startsWith("net1 -> net2 at ");
    }

    @Test
    void aRouterTakingTheGatewayBackWhenItReturnsIsASecondMove() {
        Ops ops = new Ops("gw");
        sample(ops, 0, "net1");
        sample(ops, 200, "net2");
        sample(ops, 400, "net2", "net1");
        sample(ops, 600, "net1");
        CheckResult r = evaluate(ops);
        assertThat(r.value()).isEqualTo(2);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("net1 -> net2").contains("net2 -> net1");
    }

    @Test
    void noMoveWhenTheGatewayStays() {
        Ops ops = new Ops("gw");
        sample(ops, 0, "net1");
        sample(ops, 200, "net1");
        assertThat(evaluate(ops).value()).isZero();
        assertThat(evaluate(ops).detail()).isEqualTo("the gateway stayed on net1");
    }

    @Test
    void noSingleHolderEverCannotPass() {
        Ops ops = new Ops("gw");
        sample(ops, 0);
        sample(ops, 200, "net1", "net2");
        CheckResult r = evaluate(ops);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("no single router ever answered for the gateway in 2 samples");
    }
}
