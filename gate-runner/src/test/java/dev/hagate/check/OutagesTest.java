package dev.hagate.check;

import static dev.hagate.history.Result.FAIL;
import static dev.hagate.history.Result.OK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.check.Outages.Outage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one measure of outages that max-outage and the timeline picture share. */
class OutagesTest {

    @Test
    void onlyTheRepeatedOperationCountsSoOtherKindsDoNotCutAnOutageShort() {
        Ops ops = new Ops("amqp").monotonic()
                .op("publish", 0, 5, OK, null)
                .op("publish", 100, 105, FAIL, null)
                .op("consume", 150, 150, OK, null)
                .op("publish", 200, 205, FAIL, null)
                .op("consume", 250, 250, OK, null)
                .op("publish", 300, 305, OK, null);
        assertThat(Outages.worst(ops.list(), "publish", Clients.ONE)).get()
                .returns(Duration.ofMillis(205), Outage::length).returns(2, Outage::failedOperations).returns(true, Outage::ended);
    }

    @Test
    void anOutageThatNeverEndedIsTheWorstThoughAnEarlierClientHadALongerOne() {
        Ops ops = new Ops("txn").monotonic()
                .op("txn", 0, 5, FAIL, LongNode.valueOf(1)).op("txn", 3_000, 3_005, OK, LongNode.valueOf(1))
                .op("txn", 0, 5, OK, LongNode.valueOf(2)).op("txn", 100, 105, FAIL, LongNode.valueOf(2));
        Outage worst = Outages.worst(ops.list(), "txn", new Clients(2)).orElseThrow();
        assertThat(worst.client()).isEqualTo("client 2");
        assertThat(worst.ended()).isFalse();
    }

    @Test
    void ofEqualOutagesTheEarliestClientsIsTheWorst() {
        Ops ops = new Ops("txn").monotonic()
                .op("txn", 0, 5, FAIL, LongNode.valueOf(2)).op("txn", 100, 105, OK, LongNode.valueOf(2))
                .op("txn", 0, 5, FAIL, LongNode.valueOf(1)).op("txn", 100, 105, OK, LongNode.valueOf(1));
        assertThat(Outages.worst(ops.list(), "txn", new Clients(2)).orElseThrow().client()).isEqualTo("client 1");
    }

    @Test
    void noFailedOperationIsNoOutage() {
        assertThat(Outages.worst(new Ops("sql").writes(1, 0, 1_000, 50, OK).list(), "write", Clients.ONE)).isEmpty();
    }
}
