package dev.hagate.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deadlocks over the contention probe's transactions, and healthy-after over the scenario's health examination. */
class ContentionAndHealthChecksTest {

    @Test
    void deadlocksAreCountedFromTheErrorCodeOtherFailuresAreNot() {
        Ops txns = new Ops("sql-contention")
                .op("txn", 0, 10, Result.OK, "client 1", LongNode.valueOf(1))
                .op("txn", 5, 30, Result.FAIL, "(1213) Deadlock found when trying to get lock; client 2", LongNode.valueOf(2)).errorCode(1213)
                .op("txn", 40, 60, Result.OK, "client 2", LongNode.valueOf(2))
                .op("txn", 50, 1050, Result.FAIL, "(1205) Lock wait timeout exceeded; client 3", LongNode.valueOf(3)).errorCode(1205);
        var result = new DeadlocksCheck("sql-contention", 0).evaluate(new Histories().add(txns.history()));
        assertThat(result.value()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).isEqualTo("1 deadlocks retried, 2 transactions committed, 1 other failures");
    }

    @Test
    void aHistoryFileWrittenBeforeErrorCodesHadAFieldCountsTheSameDeadlocks(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sql-contention.jsonl"), """
                {"probe":"sql-contention","op":"txn","invokedAt":"2026-11-01T10:00:00Z","completedAt":"2026-11-01T10:00:00.010Z","result":"ok","detail":"client 1","value":1}
                {"probe":"sql-contention","op":"txn","invokedAt":"2026-11-01T10:00:00.005Z","completedAt":"2026-11-01T10:00:00.030Z","result":"fail","detail":"(1213) Deadlock found when trying to get lock; client 2","value":2}
                {"probe":"sql-contention","op":"txn","invokedAt":"2026-11-01T10:00:00.040Z","completedAt":"2026-11-01T10:00:00.060Z","result":"ok","detail":"client 2","value":2}
                {"probe":"sql-contention","op":"txn","invokedAt":"2026-11-01T10:00:00.050Z","completedAt":"2026-11-01T10:00:01.050Z","result":"fail","detail":"(1205) Lock wait timeout exceeded; client 3","value":3}
                """);
        var result = new DeadlocksCheck("sql-contention", 0).evaluate(new Histories().add(History.read(dir.resolve("sql-contention.jsonl"))));
        assertThat(result.value()).isEqualTo(1);
        assertThat(result.detail()).isEqualTo("1 deadlocks retried, 2 transactions committed, 1 other failures");
    }

    @Test
    void transactionsThatOnlyWaitedPass() {
        Ops txns = new Ops("sql-contention").op("txn", 0, 10, Result.OK, "client 1", LongNode.valueOf(1))
                .op("txn", 0, 20, Result.OK, "client 2", LongNode.valueOf(2));
        assertThat(new DeadlocksCheck("sql-contention", 0).evaluate(new Histories().add(txns.history())).passed()).isTrue();
    }

    @Test
    void theCloudIsHealthyAfterOnlyWhenEveryExaminationPassed() {
        Ops scenario = new Ops("scenario")
                .op("health", 0, 100, Result.OK, "galera: every node Synced, cluster size 3", null)
                .op("health", 100, 200, Result.FAIL, "rabbitmq: not every node sees 3 running", null)
                .op("health", 200, 300, Result.OK, "tempest identity smoke: Passed: 13", null);
        var result = new HealthCheck(0).evaluate(new Histories().add(scenario.history()));
        assertThat(result.passed()).isFalse();
        assertThat(result.value()).isEqualTo(1);
        assertThat(result.detail()).isEqualTo("rabbitmq: not every node sees 3 running");
    }

    @Test
    void aScenarioThatNeverExaminedTheCloudCannotCallItHealthy() {
        var result = new HealthCheck(0).evaluate(new Histories().add(new Ops("scenario").history()));
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("recorded no health checks");
    }
}
