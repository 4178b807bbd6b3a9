package dev.hagate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.check.CheckResult;
import dev.hagate.check.Clients;
import dev.hagate.check.MaxOutageCheck;
import dev.hagate.check.RecordGaps.Pace;
import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timeline picture shows the outage the {@code max-outage} check judged. */
class TimelineSvgTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Pace AMQP = new Pace(OperationNames.PUBLISH, 20, Duration.ofSeconds(2), Clients.ONE);

    /**
     * Publishes every 50 ms for 20 s, failing from 5 s to 11 s, while the consumer keeps receiving what was
     * published before (a consume every 50 ms, all ok, also during the outage), and a read at the end.
     */
    private static History amqp() {
        List<Operation> ops = new ArrayList<>();
        for (long ms = 0, id = 1; ms < 20_000; ms += 50, id++) {
            boolean down = ms >= 5_000 && ms < 11_000;
            ops.add(op(OperationNames.PUBLISH, ms, ms + 4, down ? Result.FAIL : Result.OK, id));
            ops.add(op(OperationNames.CONSUME, ms + 25, ms + 25, Result.OK, id));
        }
        ops.add(op(OperationNames.READ, 20_500, 20_600, Result.OK, 0));
        return History.inMemory("amqp", ops);
    }

    private static Operation op(String name, long fromMs, long toMs, Result result, long value) {
        return new Operation("amqp", name, T0.plusMillis(fromMs), T0.plusMillis(toMs), result, null, LongNode.valueOf(value),
                fromMs * 1_000_000, toMs * 1_000_000);
    }

    @Test
    void theTimelineAndMaxOutageAgreeOnAnAmqpHistoryWithPublishesAndConsumes() {
        History amqp = amqp();
        CheckResult check = new MaxOutageCheck("amqp", AMQP.op(), Duration.ofSeconds(10), AMQP.clients())
                .evaluate(new Histories().add(amqp));
        String svg = TimelineSvg.render("cut", List.of(amqp), Map.of("amqp", AMQP));

        // From the first failed publish (5.000 s) to the completion of the next ok one (11.004 s).
        assertThat(check.value()).isEqualTo(6.004);
        assertThat(svg).contains(String.format(Locale.ROOT, "longest outage %.2f s, 120 failed", check.value()));
    }

    @Test
    void anOutageThatNeverEndedIsTheOneShownAsItIsTheOneThatFails() {
        List<Operation> ops = new ArrayList<>(amqp().operations());
        for (long ms = 20_000, id = 1_000; ms < 21_000; ms += 50, id++) {
            ops.add(op(OperationNames.PUBLISH, ms, ms + 4, Result.FAIL, id));
        }
        History amqp = History.inMemory("amqp", ops);
        CheckResult check = new MaxOutageCheck("amqp", AMQP.op(), Duration.ofSeconds(10), AMQP.clients())
                .evaluate(new Histories().add(amqp));
        String svg = TimelineSvg.render("cut", List.of(amqp), Map.of("amqp", AMQP));

        assertThat(check.passed()).isFalse();
        assertThat(svg).contains(String.format(Locale.ROOT, "longest outage %.2f s (never ended), 20 failed", check.value()));
    }

    @Test
    void aProbeWhosePaceIsNotKnownIsDrawnWithoutAnOutage() {
        assertThat(TimelineSvg.render("cut", List.of(amqp()), Map.of())).contains(">amqp<").doesNotContain("longest outage");
    }
}
