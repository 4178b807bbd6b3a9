package dev.hagate.probe;

import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.Result;
import dev.hagate.history.RunClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.LongNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacedLoopTest {

    @TempDir
    Path dir;

    private static Operation ok(long n) {
        RunClock.Moment now = RunClock.SYSTEM.now();
        return Operation.of("p", "write", now, now, Result.OK, null, LongNode.valueOf(n));
    }

    @Test
    void aWorkingLoopRecordsAtItsRateOnBothClocksAndReportsNothing() {
        History history = History.inMemory("p", List.of());
        PacedLoop loop = new PacedLoop("p", 100, Duration.ofSeconds(1), history, PacedLoopTest::ok);
        loop.start();
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        loop.stop();
        assertThat(loop.failure()).isEmpty();
        assertThat(history.operations()).hasSizeBetween(15, 40).allMatch(Operation::monotonic);
        assertThat(history.operations().get(0).value().asLong()).isEqualTo(1);
    }

    @Test
    void aThreadKilledByAnExceptionIsAFailureNamingItAndTheCause() {
        History history = History.inMemory("p", List.of());
        PacedLoop loop = new PacedLoop("p-client", 100, Duration.ofSeconds(1), history, n -> {
            if (n == 3) {
                throw new IllegalStateException("driver bug");
            }
            return ok(n);
        });
        loop.start();
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        assertThat(loop.failure()).hasValue("client thread p-client died after 2 operations: java.lang.IllegalStateException: driver bug");
        assertThat(history.operations()).hasSize(2);
        loop.stop();
    }

    @Test
    void aHistoryThatCannotBeWrittenStopsTheThreadAndIsAFailure() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        Files.createSymbolicLink(dir.resolve("p.jsonl"), full);
        History history = History.open(dir, "p");
        PacedLoop loop = new PacedLoop("p", 100, Duration.ofSeconds(1), history, PacedLoopTest::ok);
        loop.start();
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        loop.stop();
        assertThat(loop.failure()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("client thread p died after 0 operations: dev.hagate.lab.LabException: cannot append to the history of p"));
        assertThat(history.writeFailure()).isPresent();
    }

    @Test
    void anOperationHungPastItsTimeoutWhenStoppedIsAFailure() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PacedLoop loop = new PacedLoop("p", 100, Duration.ofMillis(10), History.inMemory("p", List.of()), n -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ok(n);
        });
        loop.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        loop.stop();
        release.countDown();
        assertThat(loop.failure()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("client thread p was still in operation 1 when stopped"));
    }
}
