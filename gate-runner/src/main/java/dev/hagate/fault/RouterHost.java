package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.Neutron;
import dev.hagate.deploy.NeutronNode;
import dev.hagate.deploy.RouterGateway;
import dev.hagate.deploy.RouterLayout;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Wait;
import java.time.Duration;

/**
 * A router node's host as {@link DropL3AgentFault} breaks it and brings it back: Neutron's L3 agent and all it
 * spawned killed, its router namespaces (with the ports in them) gone with the host, and the agent started again,
 * which builds the router anew.
 */
final class RouterHost {

    private final Lab lab;
    private final RouterLayout layout;

    RouterHost(Lab lab) {
        this.lab = lab;
        this.layout = new RouterLayout(lab.topology());
    }

    /**
     * SIGKILLs the L3 agent on {@code node} and what it spawned (keepalived with its VRRP child, the state monitor,
     * the metadata proxy, the privsep helpers), all in one round, as when the agent's host dies. The addresses
     * keepalived had added stay where they were.
     *
     * @return whether the agent or any of those was running
     */
    boolean killRouterProcesses(NodeSpec node) {
        // The agent (its command line names l3_agent.ini) goes in the same round as what it spawned.
        boolean any = !new NeutronNode(lab).killRouterProcesses(node).isEmpty();
        return lab.services(node.name()).kill(NeutronNode.L3_AGENT) || any;
    }

    /**
     * Takes the router's ports on {@code node} away, as its host's network cards going dark with the host: they
     * are Open vSwitch ports moved into the router's namespaces, and go with them.
     */
    void cutPorts(NodeSpec node) {
        new NeutronNode(lab).deleteRouterNamespaces(node);
    }

    /**
     * The network node {@code target} names (a node's name, or {@value Targets#ROUTER_MASTER}).
     *
     * @throws LabException when no one router is master, or the node runs no L3 agent
     */
    static NodeSpec resolve(Cloud cloud, String target) {
        NodeSpec node = Targets.resolve(cloud, target);
        return new RouterLayout(cloud.lab().topology()).router(node.name())
                .orElseThrow(() -> new LabException("no node '" + node.name() + "' runs Neutron's L3 agent"));
    }

    /** The host back: the L3 agent started again as {@code cloud}'s deployment started it, which rebuilds the router. */
    void startRouter(Cloud cloud, NodeSpec node) {
        Cloud.Started agent = cloud.services().get(node.name()).get(NeutronNode.L3_AGENT);
        lab.services(node.name()).start(NeutronNode.L3_AGENT, agent.argv());
    }

    /**
     * Waits until exactly one router answers for the gateway, steadily, and Neutron's servers see it active there
     * and standby on the others: the agent that took it over reported it, and one started again has rebuilt it
     * and reported its state.
     *
     * @return "net2 is the only master; in Neutron net1 standby, net2 active"
     */
    String awaitSettled(Cloud cloud, Duration timeout) {
        long start = System.nanoTime();
        String master = new RouterGateway(lab).awaitSingleMaster(timeout);
        return master + " is the only master; in Neutron "
                + new Neutron(lab, cloud.keystone()).awaitRouterSettled(layout.routers(), master, Wait.remaining(start, timeout));
    }
}
