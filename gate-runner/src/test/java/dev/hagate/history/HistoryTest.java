package dev.hagate.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.lab.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    @TempDir
    Path dir;

    @Test
    void aHistoryFileReadsBackAsTheSameOperations() throws Exception {
        Instant t = Instant.parse("2026-11-01T10:00:00.123456Z");
        Operation ok = new Operation("sql-writer", "write", t, t.plusMillis(4), Result.OK, null, LongNode.valueOf(7));
        Operation lost = new Operation("sql-writer", "write", t.plusMillis(50), t.plusMillis(2050), Result.UNKNOWN, "timeout", LongNode.valueOf(8));
        try (History h = History.open(dir, "sql-writer")) {
            h.record(ok);
            h.record(lost);
        }
        // Values come back as JSON numbers of whatever width; compare what they say.
        assertThat(History.read(dir.resolve("sql-writer.jsonl")).operations()).extracting(Operation::toString)
                .containsExactly(ok.toString(), lost.toString());
    }

    @Test
    void eachLineIsOneJsonObjectWithTheDocumentedFields() throws Exception {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        try (History h = History.open(dir, "p")) {
            h.record(new Operation("p", "write", t, t.plusMillis(1), Result.FAIL, "refused", null));
        }
        assertThat(Files.readAllLines(dir.resolve("p.jsonl"))).singleElement().isEqualTo(
                "{\"probe\":\"p\",\"op\":\"write\",\"invokedAt\":\"2026-11-01T10:00:00Z\",\"completedAt\":\"2026-11-01T10:00:00.001Z\","
                        + "\"result\":\"fail\",\"detail\":\"refused\"}");
    }

    @Test
    void anErrorCodeIsAFieldOfItsOwnAndReadsBack() throws Exception {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        Operation op = new Operation("c", "txn", t, t.plusMillis(3), Result.FAIL, "(1213) Deadlock found; client 2", LongNode.valueOf(2),
                1_000L, 3_001_000L).withErrorCode(1213);
        try (History h = History.open(dir, "c")) {
            h.record(op);
        }
        assertThat(Files.readAllLines(dir.resolve("c.jsonl"))).singleElement().asString()
                .contains("\"detail\":\"(1213) Deadlock found; client 2\",\"errorCode\":1213,\"value\":2");
        assertThat(History.read(dir.resolve("c.jsonl")).operations()).singleElement().extracting(Operation::errorCode).isEqualTo(1213);
    }

    @Test
    void aHistoryWrittenBeforeErrorCodesHadAFieldReadsTheCodeFromTheDetail() throws Exception {
        // Lines as the contention probe wrote them when the code was only the start of the detail.
        Files.writeString(dir.resolve("sql-contention.jsonl"), """
                {"probe":"sql-contention","op":"txn","invokedAt":"2026-11-01T10:00:00Z","invokedNanos":0,"completedAt":"2026-11-01T10:00:00.010Z","completedNanos":10000000,"result":"fail","detail":"(1213) Deadlock found when trying to get lock; client 2","value":2}
                {"probe":"sql-contention","op":"txn","invokedAt":"2026-11-01T10:00:00Z","completedAt":"2026-11-01T10:00:00.010Z","result":"fail","detail":"Communications link failure; client 3","value":3}
                {"probe":"sql-contention","op":"txn","invokedAt":"2026-11-01T10:00:00Z","completedAt":"2026-11-01T10:00:00.010Z","result":"ok","detail":"client 1","value":1}
                """);
        assertThat(History.read(dir.resolve("sql-contention.jsonl")).operations()).extracting(Operation::errorCode)
                .containsExactly(1213, null, null);
    }

    @Test
    void theMonotonicClockIsRecordedBesideEachWallClockTime() throws Exception {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        Operation op = new Operation("p", "write", t, t.plusMillis(2), Result.OK, null, null, 1_000L, 2_001_000L);
        try (History h = History.open(dir, "p")) {
            h.record(op);
        }
        assertThat(Files.readAllLines(dir.resolve("p.jsonl"))).singleElement().isEqualTo(
                "{\"probe\":\"p\",\"op\":\"write\",\"invokedAt\":\"2026-11-01T10:00:00Z\",\"invokedNanos\":1000,"
                        + "\"completedAt\":\"2026-11-01T10:00:00.002Z\",\"completedNanos\":2001000,\"result\":\"ok\"}");
        Operation back = History.read(dir.resolve("p.jsonl")).operations().get(0);
        assertThat(back).isEqualTo(op);
        assertThat(back.latency()).isEqualTo(Duration.ofNanos(2_000_000));
    }

    @Test
    void aHistoryWrittenBeforeTheMonotonicClockStillLoadsAndIsTimedOnTheWallClock() throws Exception {
        Files.writeString(dir.resolve("old.jsonl"), "{\"probe\":\"old\",\"op\":\"write\",\"invokedAt\":\"2026-11-01T10:00:00Z\","
                + "\"completedAt\":\"2026-11-01T10:00:00.004Z\",\"result\":\"ok\",\"value\":7}\n");
        Operation op = History.read(dir.resolve("old.jsonl")).operations().get(0);
        assertThat(op.monotonic()).isFalse();
        assertThat(op.latency()).isEqualTo(Duration.ofMillis(4));
    }

    @Test
    void aHistoryThatCannotBeWrittenIsALabErrorAndSaysSoAfterwards() throws Exception {
        // A disk that is full: every write to /dev/full fails with ENOSPC.
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        Files.createSymbolicLink(dir.resolve("full.jsonl"), full);
        History h = History.open(dir, "full");
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        LabException e = catchThrowableOfType(LabException.class,
                () -> h.record(new Operation("full", "write", t, t, Result.OK, null, null)));
        assertThat(e).hasMessageStartingWith("cannot append to the history of full (" + dir.resolve("full.jsonl") + ")");
        assertThat(h.writeFailure()).hasValue(e.getMessage());
        h.close(); // already said: closing does not say it again
    }

    @Test
    void aHistoryThatCannotBeMadeIsALabError() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        assertThat(catchThrowableOfType(LabException.class, () -> History.open(notADirectory, "p")))
                .hasMessageStartingWith("cannot write the history of p to " + notADirectory.resolve("p.jsonl"));
    }

    @Test
    void anOlderHistoryWhoseDetailStartsWithAnOversizedNumberLoadsWithNoErrorCode() throws Exception {
        Files.writeString(dir.resolve("odd.jsonl"), "{\"probe\":\"sql-writer\",\"op\":\"write\",\"invokedAt\":\"2026-11-01T10:00:00Z\","
                + "\"completedAt\":\"2026-11-01T10:00:00.004Z\",\"result\":\"fail\",\"detail\":\"(99999999999) too large\"}\n");
        assertThat(History.read(dir.resolve("odd.jsonl")).operations()).singleElement().extracting(Operation::errorCode).isNull();
    }
}
