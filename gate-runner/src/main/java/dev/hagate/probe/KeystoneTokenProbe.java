package dev.hagate.probe;

import dev.hagate.deploy.Keystone;
import java.time.Instant;

/**
 * Asks Keystone for a token through the VIP and validates it at once, at a steady rate, as every OpenStack
 * API call begins. Each pair is one {@code token} operation: {@code ok} when both answered as they should,
 * {@code fail} otherwise, with the step and HTTP status in the detail. Nothing is written, so nothing can be
 * lost; what matters is how long clients could not authenticate.
 */
public final class KeystoneTokenProbe implements Probe {

    public static final String NAME = "keystone-token";

    private final Keystone keystone;
    private final PacedLoop loop;

    public KeystoneTokenProbe(Keystone keystone, double rate, History history) {
        this.keystone = keystone;
        this.loop = new PacedLoop(NAME, rate, history, n -> token());
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

    private Operation token() {
        Instant invoked = Instant.now();
        Keystone.TokenAttempt attempt = keystone.issueAndValidate(keystone.endpoint());
        return new Operation(NAME, "token", invoked, Instant.now(), attempt.ok() ? Result.OK : Result.FAIL,
                attempt.ok() ? null : attempt.detail(), null);
    }
}
