package dev.hagate.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends an ICMP echo from the runner to the client's floating IP at a steady rate: each echo crosses the lab
 * network to the router master, is NATed to the client on the internal network and answered back through the
 * gateway, so a reply means the router master forwards both ways. One operation per echo: {@code ok} with its
 * round trip, {@code fail} when no reply came within the timeout. Needs root (raw ICMP socket).
 */
public final class RouterPingProbe implements Probe {

    public static final String NAME = "router-ping";
    /** A reply later than this counts as lost: well above a lab's round trip, short enough to keep the clock fine. */
    static final Duration TIMEOUT = Duration.ofMillis(200);

    private final String target;
    private final PacedLoop loop;

    /** @param target the floating IP (or any address beyond the router) */
    public RouterPingProbe(String target, double rate, History history) {
        this.target = target;
        this.loop = new PacedLoop(NAME, rate, history, n -> ping());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare() throws IOException {
        if (!InetAddress.getByName(target).isReachable((int) TIMEOUT.toMillis() * 5)) {
            throw new IOException("no ICMP reply from " + target + " through the router");
        }
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    private Operation ping() {
        Instant invoked = Instant.now();
        long start = System.nanoTime();
        try {
            boolean replied = InetAddress.getByName(target).isReachable((int) TIMEOUT.toMillis());
            Instant completed = Instant.now();
            return replied
                    ? new Operation(NAME, "ping", invoked, completed, Result.OK,
                    String.format("reply from %s in %.2f ms", target, (System.nanoTime() - start) / 1e6), null)
                    : new Operation(NAME, "ping", invoked, completed, Result.FAIL,
                    "no reply from " + target + " within " + TIMEOUT.toMillis() + " ms", null);
        } catch (IOException e) {
            return new Operation(NAME, "ping", invoked, Instant.now(), Result.FAIL, "cannot send: " + e.getMessage(), null);
        }
    }
}
