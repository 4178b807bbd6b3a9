package dev.hagate.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunClockTest {

    /** A wall clock an operator can step, beside a monotonic counter only the test advances. */
    private static final class SteppedClock extends Clock {
        Instant now = Instant.parse("2026-11-01T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void anOperationTimedAcrossAWallClockStepKeepsItsTrueLatencyEitherWay() {
        SteppedClock wall = new SteppedClock();
        AtomicLong ticks = new AtomicLong(5_000_000_000L);
        RunClock clock = new RunClock(wall, ticks::get);

        RunClock.Moment invoked = clock.now();
        ticks.addAndGet(Duration.ofMillis(30).toNanos());
        wall.now = wall.now.minusSeconds(3600);
        Operation back = Operation.of("p", "write", invoked, clock.now(), Result.OK, null, LongNode.valueOf(1));

        invoked = clock.now();
        ticks.addAndGet(Duration.ofMillis(30).toNanos());
        wall.now = wall.now.plusSeconds(7200);
        Operation ahead = Operation.of("p", "write", invoked, clock.now(), Result.OK, null, LongNode.valueOf(2));

        assertThat(back.invokedNanos()).as("counted from the clock's origin").isZero();
        assertThat(back.latency()).isEqualTo(Duration.ofMillis(30));
        assertThat(ahead.latency()).isEqualTo(Duration.ofMillis(30));
        assertThat(Duration.between(back.invokedAt(), back.completedAt())).as("what the wall clock alone would say")
                .isEqualTo(Duration.ofMillis(-3_600_000));
    }
}
