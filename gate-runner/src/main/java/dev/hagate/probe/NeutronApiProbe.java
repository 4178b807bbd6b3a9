package dev.hagate.probe;

import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.Neutron;
import dev.hagate.deploy.OpenStackApi;
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
 * Uses Neutron's API through the VIP at a steady rate, as a tenant would: each {@code port-cycle} operation makes
 * a port on the tenant network, lists the routers and deletes the port, each call with its status and time in
 * the detail. {@code ok} when every call succeeded, {@code fail} otherwise (a port made but not deleted is named).
 */
public final class NeutronApiProbe implements Probe {

    public static final String NAME = "neutron-api";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Three calls, each with its timeout, and a token asked again at most once. */
    public static final Duration OPERATION_TIMEOUT = REQUEST_TIMEOUT.multipliedBy(5);
    /** Two cycles a second unless told: each is three calls to the servers, on two cores. */
    public static final ProbeKind DECLARATION = new ProbeKind(NAME, Service.NEUTRON_SERVER, 2.0, OperationNames.PORT_CYCLE, false,
            OPERATION_TIMEOUT, 1, (cloud, rate, history) -> new NeutronApiProbe(new Neutron(cloud.lab(), cloud.keystone(),
                    REQUEST_TIMEOUT), rate, history));

    private final Neutron neutron;
    private final PacedLoop loop;
    private String network;

    public NeutronApiProbe(Neutron neutron, double rate, History history) {
        this.neutron = neutron;
        this.loop = new PacedLoop(NAME, rate, OPERATION_TIMEOUT, history, n -> cycle());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Finds the tenant network the ports go on, before the fault: without it nothing could be measured. */
    @Override
    public void prepare() {
        try {
            network = neutron.tenantNetworkId();
        } catch (DeploymentException | OpenStackApi.ApiException e) {
            throw new LabException("the neutron-api probe cannot find the tenant network: " + e.getMessage(), e);
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

    private Operation cycle() {
        Moment invoked = RunClock.SYSTEM.now();
        List<Neutron.Call> calls = neutron.portCycle(network);
        boolean ok = calls.size() == 3 && calls.stream().allMatch(Neutron.Call::ok);
        String detail = calls.stream().map(Neutron.Call::toString).collect(Collectors.joining("; "));
        if (calls.get(0).ok() && (calls.size() < 3 || !calls.get(2).ok())) {
            detail += "; port " + calls.get(0).id() + " left behind";
        }
        return Operation.of(NAME, OperationNames.PORT_CYCLE, invoked, RunClock.SYSTEM.now(), ok ? Result.OK : Result.FAIL, detail, null);
    }
}
