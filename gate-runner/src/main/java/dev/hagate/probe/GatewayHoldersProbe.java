package dev.hagate.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hagate.deploy.RouterGateway;
import dev.hagate.deploy.RouterGateway.GatewayState;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import dev.hagate.history.RunClock;
import dev.hagate.history.RunClock.Moment;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Samples, at a steady rate, which router nodes answer for the gateway IP (the address is on their {@code qr-}
 * port and the port is up), asked on each node over SSH. One operation {@code holders} per sample, its value
 * the list of answering nodes (none while no router is master, two or more in a split brain), its detail each
 * node's state, stale leftovers included. {@code unknown} when a node could not be asked.
 */
public final class GatewayHoldersProbe implements Probe {

    public static final String NAME = "gateway-holders";
    public static final String OP = OperationNames.HOLDERS;
    /** The longest one sample can take: each node of the pair asked in turn, each with its timeout. */
    public static final Duration OPERATION_TIMEOUT = RouterGateway.STATE_TIMEOUT.multipliedBy(2);
    /** Samples the router's gateway holders, 5 times a second unless told. */
    public static final ProbeKind DECLARATION = new ProbeKind(NAME, Service.NEUTRON_L3_AGENT, 5.0, OP, true, OPERATION_TIMEOUT, 1,
            (cloud, rate, history) -> new GatewayHoldersProbe(new RouterGateway(cloud.lab()), rate, history));

    private final RouterGateway router;
    private final PacedLoop loop;

    public GatewayHoldersProbe(RouterGateway router, double rate, History history) {
        this.router = router;
        this.loop = new PacedLoop(NAME, rate, OPERATION_TIMEOUT, history, n -> sample());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare() {
        if (!router.layout().present()) {
            throw new LabException("the lab has no nodes running neutron-l3-agent to sample");
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

    private Operation sample() {
        Moment invoked = RunClock.SYSTEM.now();
        try {
            List<GatewayState> states = router.states();
            ArrayNode holders = JsonNodeFactory.instance.arrayNode();
            states.stream().filter(GatewayState::answering).forEach(s -> holders.add(s.node()));
            String detail = states.stream().map(s -> s.node() + ": " + (s.answering() ? "answering"
                    : s.stale() ? "stale (address on a port that is down)" : "none")).collect(Collectors.joining("; "));
            return Operation.of(NAME, OP, invoked, RunClock.SYSTEM.now(), Result.OK, detail, holders);
        } catch (LabException e) {
            return Operation.of(NAME, OP, invoked, RunClock.SYSTEM.now(), Result.UNKNOWN, e.getMessage(), null);
        }
    }
}
