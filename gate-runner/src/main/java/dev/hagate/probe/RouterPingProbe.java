package dev.hagate.probe;

import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import dev.hagate.history.RunClock;
import dev.hagate.history.RunClock.Moment;
import dev.hagate.topology.Service;
import dev.hagate.deploy.RouterGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

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
    /** The echo's timeout, with room for a runner whose cores are busy with the lab's own nodes. */
    public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(1);
    /** Pings the client's floating IP through the router, 20 a second unless told. */
    public static final ProbeKind DECLARATION = new ProbeKind(NAME, Service.NEUTRON_L3_AGENT, 20.0, OperationNames.PING, false, OPERATION_TIMEOUT, 1,
            (cloud, rate, history) -> new RouterPingProbe(new RouterGateway(cloud.lab()).floatingIp(), rate, history));

    private final String target;
    private final PacedLoop loop;

    /** @param target the floating IP (or any address beyond the router) */
    public RouterPingProbe(String target, double rate, History history) {
        this.target = target;
        this.loop = new PacedLoop(NAME, rate, OPERATION_TIMEOUT, history, n -> ping());
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

    @Override
    public Optional<String> failure() {
        return loop.failure();
    }

    private Operation ping() {
        Moment invoked = RunClock.SYSTEM.now();
        try {
            boolean replied = InetAddress.getByName(target).isReachable((int) TIMEOUT.toMillis());
            Moment completed = RunClock.SYSTEM.now();
            return replied
                    ? Operation.of(NAME, OperationNames.PING, invoked, completed, Result.OK,
                    String.format("reply from %s in %.2f ms", target, (completed.nanos() - invoked.nanos()) / 1e6), null)
                    : Operation.of(NAME, OperationNames.PING, invoked, completed, Result.FAIL,
                    "no reply from " + target + " within " + TIMEOUT.toMillis() + " ms", null);
        } catch (IOException e) {
            return Operation.of(NAME, OperationNames.PING, invoked, RunClock.SYSTEM.now(), Result.FAIL, "cannot send: " + e.getMessage(), null);
        }
    }
}
