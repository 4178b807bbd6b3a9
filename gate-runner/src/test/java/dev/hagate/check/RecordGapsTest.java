package dev.hagate.check;

import static dev.hagate.history.Result.FAIL;
import static dev.hagate.history.Result.OK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.check.RecordGaps.Gap;
import dev.hagate.check.RecordGaps.Pace;
import dev.hagate.history.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordGapsTest {

    /** 20 writes a second, each at most 1 s: a working client is never silent for more than 1.1 s. */
    private static final Pace PACE = new Pace("write", 20, Duration.ofSeconds(1), Clients.ONE);

    private static List<Gap> gaps(Ops probe) {
        return RecordGaps.find("sql", probe.list(), Ops.phases().list(), PACE);
    }

    @Test
    void theAllowedGapIsTwoPeriodsAndTheOperationTimeout() {
        assertThat(PACE.period()).isEqualTo(Duration.ofMillis(50));
        assertThat(PACE.allowedGap()).isEqualTo(Duration.ofMillis(1_100));
        assertThat(new Pace("txn", 20, Duration.ofSeconds(1), new Clients(4)).period()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aProbeRecordingAtItsRateThroughEveryPhaseHasNoGap() {
        assertThat(gaps(new Ops("sql").monotonic().writes(1, 0, 29_050, 50, OK))).isEmpty();
    }

    @Test
    void slowOrFailingOperationsWithinTheirTimeoutAreNoGap() {
        // In the hold every write hangs for its full timeout and fails: the client is measuring an outage, not quiet.
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 5_100, 50, OK);
        for (long ms = 5_100, id = 200; ms < 20_100; ms += 1_000, id++) {
            ops.op("write", ms, ms + 1_000, FAIL, LongNode.valueOf(id));
        }
        assertThat(gaps(ops.writes(400, 20_100, 29_050, 50, OK))).isEmpty();
    }

    @Test
    void silenceInTheHoldLongerThanAllowedIsAGapNamingProbePhaseAndTimes() {
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 8_000, 50, OK).writes(500, 10_000, 29_050, 50, OK);
        List<Gap> gaps = gaps(ops);
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.phase()).isEqualTo("hold");
            assertThat(g.length()).isEqualTo(Duration.ofMillis(2_045));
            assertThat(g.describe()).isEqualTo("probe sql recorded nothing for 2.05 s in the hold, from 2026-11-01T10:00:07.955Z"
                    + " to 2026-11-01T10:00:10Z; at its rate and timeout the longest gap allowed is 1.10 s");
        });
    }

    @Test
    void aGapJustWithinTheAllowanceIsNone() {
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 8_000, 50, OK).writes(500, 9_050, 29_050, 50, OK);
        assertThat(gaps(ops)).isEmpty();
    }

    @Test
    void operationsThatStopBeforeTheEndOfCoolDownAreAGap() {
        List<Gap> gaps = gaps(new Ops("sql").monotonic().writes(1, 0, 26_000, 50, OK));
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.phase()).isEqualTo("cooldown");
            assertThat(g.to()).isEqualTo(Ops.T0.plusMillis(29_000));
        });
    }

    @Test
    void noOperationInTheLastSecondsOfCoolDownIsAGapThoughShorterThanAllowed() {
        Ops phases = new Ops("scenario").monotonic().op("warmup", 0, 5_000, OK, null).op("hold", 5_100, 20_100, OK, null)
                .op("cooldown", 24_000, 24_800, OK, null);
        List<Gap> gaps = RecordGaps.find("sql", new Ops("sql").monotonic().writes(1, 0, 23_000, 50, OK).list(), phases.list(), PACE);
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.phase()).isEqualTo("cooldown");
            assertThat(g.describe()).startsWith("probe sql recorded no operation in the cool-down");
        });
    }

    @Test
    void noOperationInTheHoldIsAGapHoweverShortTheHold() {
        // A hold shorter than the allowed gap: silence through it would otherwise go unseen.
        Ops phases = new Ops("scenario").monotonic().op("warmup", 0, 5_000, OK, null).op("fault", 5_000, 5_100, OK, null)
                .op("hold", 5_100, 5_600, OK, null).op("cooldown", 5_600, 10_000, OK, null);
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 5_050, 50, OK).writes(500, 5_650, 10_050, 50, OK);
        List<Gap> gaps = RecordGaps.find("sql", ops.list(), phases.list(), PACE);
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.empty()).isTrue();
            assertThat(g.describe()).startsWith("probe sql recorded no operation in the hold");
        });
    }

    @Test
    void aProbeThatRecordedNothingHasAGapInEveryPhase() {
        assertThat(gaps(new Ops("sql"))).extracting(Gap::phase).containsExactly("warmup", "hold", "cooldown");
    }

    @Test
    void otherOperationKindsDoNotFillAGap() {
        Ops ops = new Ops("sql").monotonic().writes(1, 0, 8_000, 50, OK).op("read", 9_000, 9_010, OK, null)
                .writes(500, 10_000, 29_050, 50, OK);
        assertThat(gaps(ops)).extracting(Gap::phase).containsExactly("hold");
    }

    @Test
    void eachClientOfAProbeIsLookedAtOnItsOwn() {
        // Four clients at 5/s each; client 3 stops after the warm-up while the others go on.
        Pace pace = new Pace("txn", 20, Duration.ofSeconds(1), new Clients(4));
        Ops ops = new Ops("contention").monotonic();
        for (long ms = 0; ms < 29_200; ms += 200) {
            for (int client = 1; client <= 4; client++) {
                if (client != 3 || ms < 5_000) {
                    ops.op("txn", ms + client, ms + client + 5, OK, LongNode.valueOf(client));
                }
            }
        }
        List<Gap> gaps = RecordGaps.find("contention", ops.list(), Ops.phases().list(), pace);
        assertThat(gaps).extracting(Gap::client).containsOnly("client 3");
        assertThat(gaps).extracting(Gap::phase).containsExactly("hold", "cooldown");
        assertThat(gaps.get(0).describe()).startsWith("probe contention (client 3) recorded no operation in the hold");
    }

    @Test
    void aWallClockSteppedForwardInventsNoGap() {
        Ops phases = new Ops("scenario").monotonic().wallStep(10_000, 3_600_000).phasesOn();
        Ops ops = new Ops("sql").monotonic().wallStep(10_000, 3_600_000).writes(1, 0, 29_050, 50, OK);
        assertThat(RecordGaps.find("sql", ops.list(), phases.list(), PACE)).isEmpty();
    }

    @Test
    void aWallClockSteppedBackHidesNoGap() {
        // Silent from 8 s to 12 s, while the wall clock went back 3 s at 10 s: on the wall it looks like 1 s.
        Ops phases = new Ops("scenario").monotonic().wallStep(10_000, -3_000).phasesOn();
        Ops ops = new Ops("sql").monotonic().wallStep(10_000, -3_000).writes(1, 0, 8_000, 50, OK).writes(500, 12_000, 29_050, 50, OK);
        assertThat(RecordGaps.find("sql", ops.list(), phases.list(), PACE)).singleElement()
                .satisfies(g -> assertThat(g.length()).isEqualTo(Duration.ofMillis(4_045)));
    }

    @Test
    void historiesWithoutTheMonotonicClockAreJudgedOnTheWallClock() {
        Ops phases = new Ops("scenario").phasesOn();
        Ops ops = new Ops("sql").writes(1, 0, 8_000, 50, OK).writes(500, 12_000, 29_050, 50, Result.OK);
        assertThat(RecordGaps.find("sql", ops.list(), phases.list(), PACE)).singleElement()
                .satisfies(g -> assertThat(g.length()).isEqualTo(Duration.ofMillis(4_045)));
    }
}
