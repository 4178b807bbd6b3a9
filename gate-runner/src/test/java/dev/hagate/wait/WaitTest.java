package dev.hagate.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {

    @Test
    void returnsTheValueOnceTheConditionHolds() {
        AtomicInteger looks = new AtomicInteger();
        String value = Wait.until("the third look", Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(1))
                .on(() -> looks.incrementAndGet() < 3 ? Seen.notYet("look " + looks.get()) : Seen.done("found"),
                        IllegalStateException::new);
        assertThat(value).isEqualTo("found");
        assertThat(looks).hasValue(3);
    }

    @Test
    void aTimeoutNamesWhatWasAwaitedForHowLongAndWhatWasSeenLast() {
        assertThatThrownBy(() -> Wait.until("one VIP holder", Duration.ofMillis(50)).pollingEvery(Duration.ofMillis(5))
                .on(() -> Seen.notYet("held by ctl1, ctl2"), IllegalStateException::new))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("one VIP holder: not within 0.1 s (last seen: held by ctl1, ctl2)");
    }

    @Test
    void looksAtLeastOnceEvenWithNoTimeLeft() {
        assertThat(Wait.until("anything", Duration.ZERO).on(() -> Seen.done(7), IllegalStateException::new)).isEqualTo(7);
    }

    @Test
    void aSingleHolderMustStayTheSameForTheWholeSteadyTime() {
        Deque<List<String>> seen = new ArrayDeque<>(List.of(List.of("ctl1"), List.of("ctl1", "ctl2"), List.of("ctl2")));
        Steady steady = Steady.singleHolder(() -> seen.size() > 1 ? seen.poll() : seen.peek(), Duration.ofMillis(30));
        assertThat(steady.get().value()).isEmpty();
        assertThat(steady.get().instead()).isEqualTo("held by ctl1, ctl2 (split brain)");
        String holder = Wait.until("one holder", Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(5))
                .on(steady, IllegalStateException::new);
        assertThat(holder).isEqualTo("ctl2");
    }

    @Test
    void noHolderIsSaidSo() {
        assertThatThrownBy(() -> Wait.until("one holder", Duration.ofMillis(20)).pollingEvery(Duration.ofMillis(5))
                .on(Steady.singleHolder(List::of, Duration.ZERO), IllegalStateException::new))
                .hasMessageContaining("(last seen: held by no node)");
    }

    @Test
    void anAttemptIsRetriedWhileItFailsTheWayNamed() {
        AtomicInteger attempts = new AtomicInteger();
        String value = Wait.until("the node answering", Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(1))
                .retrying(IllegalStateException.class, () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("refused");
                    }
                    return "answered";
                }, IllegalArgumentException::new);
        assertThat(value).isEqualTo("answered");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void anAttemptThatNeverWorksTimesOutWithItsLastFailureAsTheCause() {
        IllegalStateException refused = new IllegalStateException("connection refused");
        assertThatThrownBy(() -> Wait.until("the node answering", Duration.ofMillis(20)).pollingEvery(Duration.ofMillis(5))
                .retrying(IllegalStateException.class, () -> {
                    throw refused;
                }, IllegalArgumentException::new))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the node answering: not within 0.0 s (last seen: connection refused)")
                .hasCause(refused);
    }

    @Test
    void aFailureOfAnotherKindEndsTheWaitAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Wait.until("the node answering", Duration.ofSeconds(5))
                .retrying(IllegalStateException.class, () -> {
                    attempts.incrementAndGet();
                    throw new UnsupportedOperationException("broken");
                }, IllegalArgumentException::new))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aWaitWhoseTimeoutIsAnAnswerGivesTheValueOrNothing() {
        assertThat(Wait.until("every message consumed", Duration.ofSeconds(5)).tryOn(() -> Seen.done(3))).contains(3);
        assertThat(Wait.until("every message consumed", Duration.ofMillis(20)).pollingEvery(Duration.ofMillis(5))
                .tryOn(() -> Seen.notYet("2 of 3 consumed"))).isEmpty();
    }
}
