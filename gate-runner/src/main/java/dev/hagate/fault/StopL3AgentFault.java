package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.Neutron;
import dev.hagate.deploy.NeutronNode;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Neutron's L3 agent SIGKILLed on a network node that stays up (the router master's, unless named), as the OOM
 * killer or a crash would kill it: only the agent goes. What it spawned (keepalived, the state monitor, the
 * metadata proxy) lives on, so the gateway must stay where it is with no echo lost. Recovery starts the agent
 * again, which must take the router over without a transition and report it to the servers: the router settled
 * again with the same master.
 */
public final class StopL3AgentFault implements Fault {

    public static final String KIND = "stop-l3-agent";
    /**
     * The agent started again rebuilds the router (three privsep helpers, keepalived, the state monitor) before
     * it reports it: 16 s on an idle machine, 66-73 s on this one under the lab's own load.
     */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    /** Hits a node running Neutron's L3 agent, the router master's unless named. */
    public static final FaultKind DECLARATION = new FaultKind(KIND, List.of(Targets.ROUTER_MASTER_ROLE), Targets.ROUTER_MASTER,
            false, Service.NEUTRON_L3_AGENT, (cloud, target, port) -> new StopL3AgentFault(cloud, target));

    private final Cloud cloud;
    private final String target;
    private NodeSpec stopped;

    public StopL3AgentFault(Cloud cloud, String target) {
        this.cloud = cloud;
        this.target = target;
    }

    @Override
    public String inject() {
        stopped = RouterHost.resolve(cloud, target);
        if (!cloud.lab().services(stopped.name()).kill(NeutronNode.L3_AGENT)) {
            throw new LabException("Neutron's L3 agent was not running on " + stopped.name() + " when it was to be killed");
        }
        return "SIGKILL neutron-l3-agent on " + Targets.describe(stopped, target)
                + ", the host and the router's keepalived staying up";
    }

    @Override
    public String recover() {
        if (stopped == null) {
            throw new IllegalStateException("recover() before inject()");
        }
        Cloud.Started agent = cloud.services().get(stopped.name()).get(NeutronNode.L3_AGENT);
        Instant restarted = Instant.now();
        cloud.lab().services(stopped.name()).start(NeutronNode.L3_AGENT, agent.argv());
        Neutron neutron = new Neutron(cloud.lab(), cloud.keystone());
        // The new agent reports itself (the killed one may still count as alive), then the router as it found it.
        neutron.awaitAgentStartedSince("L3 agent", stopped, restarted, SETTLE_TIMEOUT);
        return "neutron-l3-agent started again on " + stopped.name() + "; " + new RouterHost(cloud.lab()).awaitSettled(cloud, SETTLE_TIMEOUT);
    }
}
