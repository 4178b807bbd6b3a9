package dev.hagate.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
