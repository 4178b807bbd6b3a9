package dev.hagate.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.history.Histories;
import dev.hagate.history.Result;
import org.junit.jupiter.api.Test;

/** lost-messages and duplicates over an AMQP probe's history: confirmed publishes against what was consumed. */
class MessagingChecksTest {

    private static Ops publishes() {
        return new Ops("amqp")
                .op("publish", 0, 5, Result.OK, LongNode.valueOf(1))
                .op("publish", 50, 55, Result.OK, LongNode.valueOf(2))
                .op("publish", 100, 2100, Result.UNKNOWN, LongNode.valueOf(3))
                .op("publish", 2150, 2155, Result.OK, LongNode.valueOf(4));
    }

    @Test
    void aConfirmedMessageNeverConsumedIsLostButAnUnconfirmedOneIsNot() {
        var result = new LostWritesCheck("lost-messages", "amqp", "publish", 0)
                .evaluate(new Histories().add(publishes().read(1, 4).history()));
        assertThat(result.name()).isEqualTo("lost-messages(amqp)");
        assertThat(result.value()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("1 of 3 acknowledged writes missing, ids [2]");
    }

    @Test
    void redeliveriesAreCountedAsDuplicatesAgainstTheirLimit() {
        Histories histories = new Histories().add(publishes().read(1, 2, 2, 3, 4, 4, 4).history());
        var counted = new DuplicatesCheck("amqp", 3).evaluate(histories);
        assertThat(counted.value()).isEqualTo(3);
        assertThat(counted.passed()).isTrue();
        assertThat(counted.detail()).contains("3 duplicate deliveries among 7 (4 distinct)");
        assertThat(new DuplicatesCheck("amqp", 2).evaluate(histories).passed()).isFalse();
        assertThat(new LostWritesCheck("lost-messages", "amqp", "publish", 0).evaluate(histories).passed()).isTrue();
    }

    @Test
    void withoutAFinalReadNothingCanBeSaid() {
        var result = new DuplicatesCheck("amqp", 0).evaluate(new Histories().add(publishes().history()));
        assertThat(result.passed()).isFalse();
        assertThat(result.value()).isNaN();
    }

    @Test
    void nothingConsumedCannotPassAsNoDuplicates() {
        var result = new DuplicatesCheck("amqp", 100).evaluate(new Histories().add(publishes().read().history()));
        assertThat(result.passed()).isFalse();
        assertThat(result.value()).isNaN();
        assertThat(result.detail()).isEqualTo("nothing was consumed");
    }
}
