package dev.hagate.deploy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.component.ComponentsTest.Named;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Service;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SideBySideTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    private void run(Consumer<Component> step, Component... components) {
        SideBySide.run(Components.inOrder(List.of(components)), step, Duration.ofSeconds(30));
    }

    @Test
    void independentComponentsRunAtTheSameTime() {
        CountDownLatch both = new CountDownLatch(2);
        run(c -> {
            both.countDown();
            try {
                // Each waits for the other: only side by side do both finish.
                assertThat(both.await(5, TimeUnit.SECONDS)).as(c.service() + " saw the other start").isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            events.add(c.service().id());
        }, new Named("galera"), new Named("rabbitmq"));
        assertThat(events).containsExactlyInAnyOrder("galera", "rabbitmq");
    }

    @Test
    void aComponentStartsOnlyOnceEveryOneItDependsOnIsDone() {
        run(c -> {
            events.add("start " + c.service().id());
            events.add("end " + c.service().id());
        }, new Named("galera"), new Named("haproxy", "galera"), new Named("keepalived", "haproxy"));
        assertThat(events).containsExactly("start galera", "end galera", "start haproxy", "end haproxy",
                "start keepalived", "end keepalived");
    }

    @Test
    void theFirstFailureIsThrownAsItWasAndWhatDependsOnItNeverStarts() {
        DeploymentException broken = new DeploymentException("galera did not form");
        assertThatThrownBy(() -> run(c -> {
            events.add(c.service().id());
            if (c.service().equals(Service.GALERA)) {
                throw broken;
            }
        }, new Named("galera"), new Named("haproxy", "galera"))).isSameAs(broken);
        assertThat(events).containsExactly("galera");
    }

    @Test
    void aStepStillRunningEndsByItselfAndItsFailureIsKeptBesideTheFirst() {
        CountDownLatch rabbitStarted = new CountDownLatch(1);
        CountDownLatch galeraFailed = new CountDownLatch(1);
        LabException lab = new LabException("node unreachable");
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> run(c -> {
            try {
                if (c.service().id().equals("rabbitmq")) {
                    rabbitStarted.countDown();
                    assertThat(galeraFailed.await(5, TimeUnit.SECONDS)).isTrue();
                    Thread.sleep(100);
                    events.add("rabbitmq ended");
                    throw new DeploymentException("rabbitmq: no cluster");
                }
                assertThat(rabbitStarted.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            galeraFailed.countDown();
            throw lab;
        }, new Named("galera"), new Named("rabbitmq"), new Named("keystone", "rabbitmq")));
        assertThat(thrown).isSameAs(lab);
        assertThat(events).containsExactly("rabbitmq ended");
        assertThat(thrown.getSuppressed()).singleElement().extracting(Throwable::getMessage).isEqualTo("rabbitmq: no cluster");
    }

    @Test
    void aStepThatNeverEndsIsTheLabsErrorNamingItOnceTheWholeIsOverdue() {
        CountDownLatch release = new CountDownLatch(1);
        try {
            assertThatThrownBy(() -> SideBySide.run(Components.inOrder(List.of(new Named("galera"), new Named("rabbitmq"))), c -> {
                if (c.service().id().equals("rabbitmq")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, Duration.ofSeconds(1)))
                    .isInstanceOf(LabException.class)
                    .hasMessage("the deployment of rabbitmq did not end within 1 s, though each of its steps has timeouts of its own");
        } finally {
            release.countDown();
        }
    }
}
