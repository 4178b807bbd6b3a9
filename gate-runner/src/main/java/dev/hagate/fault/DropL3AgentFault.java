package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.RouterGateway;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;

/**
 * The router master's node loses Neutron's L3 agent and everything it spawned, as when the agent's host dies:
 * the agent, keepalived with its VRRP child (so it sends no goodbye advert and removes nothing), the state
 * monitor and the metadata proxy are SIGKILLed in one round, and the router's namespace goes with its ports.
 * Recovery is the host coming back: the agent started again rebuilds the router from scratch, and the pair must
 * settle on exactly one master, which Neutron's servers must see active and the other standby.
 * <p>
 * Kind {@value #HOST_UP_KIND} kills the same processes on a host that stays up (as the OOM killer would): the
 * router's namespace and ports stay, so the dead router's addresses keep answering next to the new master's
 * until recovery, and its kernel keeps forwarding and NATing for them; the {@code duplicate-gateway} check
 * catches it.
 */
public final class DropL3AgentFault implements Fault {

    public static final String KIND = "drop-l3-agent";
    public static final String HOST_UP_KIND = "kill-router-processes";
    /**
     * The agent started again rebuilds the router (three privsep helpers, keepalived, the state monitor) before
     * it reports it: 16 s on an idle machine, 66-73 s on this one under the lab's own load.
     */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final List<FaultKind.TargetRole> ROLES = List.of(Targets.ROUTER_MASTER_ROLE);
    /** Hits a node running Neutron's L3 agent, the master unless named, its host going down with it. */
    public static final FaultKind DECLARATION = new FaultKind(KIND, ROLES, Targets.ROUTER_MASTER, false, Service.NEUTRON_L3_AGENT,
            (cloud, target, port) -> new DropL3AgentFault(cloud, target, true));
    /** Hits a node running Neutron's L3 agent, the master unless named, its host staying up. */
    public static final FaultKind HOST_UP_DECLARATION = new FaultKind(HOST_UP_KIND, ROLES, Targets.ROUTER_MASTER, false, Service.NEUTRON_L3_AGENT,
            (cloud, target, port) -> new DropL3AgentFault(cloud, target, false));

    private final Cloud cloud;
    private final RouterGateway gateway;
    private final RouterHost host;
    private final String target;
    private final boolean hostDies;
    private NodeSpec dropped;

    /** @param hostDies whether the router's namespace goes with the processes ({@value #KIND}) or stays */
    public DropL3AgentFault(Cloud cloud, String target, boolean hostDies) {
        this.cloud = cloud;
        this.gateway = new RouterGateway(cloud.lab());
        this.host = new RouterHost(cloud.lab());
        this.target = target;
        this.hostDies = hostDies;
    }

    @Override
    public String inject() {
        if (!gateway.layout().present()) {
            throw new LabException("the lab has no nodes running neutron-l3-agent to fail");
        }
        dropped = RouterHost.resolve(cloud, target);
        if (!host.killRouterProcesses(dropped)) {
            throw new LabException("keepalived and the L3 agent were not running on " + dropped.name() + " when they were to be killed");
        }
        if (hostDies) {
            host.cutPorts(dropped);
        }
        return "SIGKILL keepalived and the L3 agent on " + Targets.describe(dropped, target)
                + (hostDies ? ", its router's namespace and ports gone with them" : ", the host staying up");
    }

    @Override
    public String recover() {
        if (dropped == null) {
            throw new IllegalStateException("recover() before inject()");
        }
        host.startRouter(cloud, dropped);
        return dropped.name() + "'s L3 agent started again and its router rebuilt; " + host.awaitSettled(cloud, SETTLE_TIMEOUT);
    }
}
