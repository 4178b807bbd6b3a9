package dev.hagate.probe;

import dev.hagate.deploy.Keystone;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import dev.hagate.history.RunClock;
import dev.hagate.history.RunClock.Moment;
import dev.hagate.topology.Service;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks Keystone for a token through the VIP and validates it at once, at a steady rate, as every OpenStack
 * API call begins. Each pair is one {@code token} operation: {@code ok} when both answered as they should,
 * {@code fail} otherwise, with the step and HTTP status in the detail. Nothing is written, so nothing can be
 * lost; what matters is how long clients could not authenticate.
 */
public final class KeystoneTokenProbe implements Probe {

    public static final String NAME = "keystone-token";
    /** The longest one pair can take: two requests, each with its connect and request timeouts. */
    public static final Duration OPERATION_TIMEOUT = Keystone.REQUEST_TIMEOUT.multipliedBy(2);
    /** Issues and validates tokens, 5 a second unless told: a token pair costs more than an insert. */
    public static final ProbeKind DECLARATION = new ProbeKind(NAME, Service.KEYSTONE, 5.0, OperationNames.TOKEN, false, OPERATION_TIMEOUT, 1,
            (cloud, rate, history) -> new KeystoneTokenProbe(cloud.keystone(), rate, history));

    private final Keystone keystone;
    private final PacedLoop loop;

    public KeystoneTokenProbe(Keystone keystone, double rate, History history) {
        this.keystone = keystone;
        this.loop = new PacedLoop(NAME, rate, OPERATION_TIMEOUT, history, n -> token());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public Optional<String> failure() {
        return loop.failure();
    }

    private Operation token() {
        Moment invoked = RunClock.SYSTEM.now();
        Keystone.TokenAttempt attempt = keystone.issueAndValidate(keystone.endpoint());
        return Operation.of(NAME, OperationNames.TOKEN, invoked, RunClock.SYSTEM.now(), attempt.ok() ? Result.OK : Result.FAIL,
                attempt.ok() ? null : attempt.detail(), null);
    }
}
