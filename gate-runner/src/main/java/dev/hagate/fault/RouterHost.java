package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.L3RouterPair;
import dev.hagate.deploy.Neutron;
import dev.hagate.deploy.NeutronNode;
import dev.hagate.deploy.RouterLayout;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * A router node's host as {@link DropL3AgentFault} breaks it and brings it back: its router processes killed,
 * its router's ports cut, the router started again as the L3 agent does when its host returns. With Neutron
 * the router processes are the L3 agent and all it spawned, the ports go with the router's namespace, and
 * the agent started again builds the router anew.
 */
final class RouterHost {

    /**
     * SIGKILLs each service named in the arguments and its children, if it runs: keepalived's VRRP child goes in
     * the same signal round as keepalived, so it sends no goodbye advert. Prints the pids it killed.
     */
    private static final String KILL = """
            pids=''
            for s in "$@"; do
              p=$(cat "/run/hagate/$s.pid" 2>/dev/null) || continue
              kill -0 "$p" 2>/dev/null || continue
              pids="$pids $(cat /proc/$p/task/*/children 2>/dev/null) $p"
            done
            [ -n "$pids" ] && kill -9 $pids && echo $pids
            """;

    /** Takes the ports named after the first argument (the namespace) down. */
    private static final String CUT = """
            set -e
            ns=$1
            shift
            for port in "$@"; do ip -n "$ns" link set "$port" down; done
            """;

    private final Lab lab;
    private final RouterLayout layout;

    RouterHost(Lab lab) {
        this.lab = lab;
        this.layout = new RouterLayout(lab.topology());
    }

    /** Whether Neutron's L3 agent holds the router, rather than the lab's own pair. */
    private boolean neutron() {
        return layout.neutron();
    }

    /**
     * SIGKILLs the router's keepalived (its VRRP child with it) and its agent on {@code node}, as when the agent's
     * host dies. The addresses keepalived had added stay where they were.
     *
     * @return whether keepalived or the agent was running
     */
    boolean killRouterProcesses(NodeSpec node) {
        if (neutron()) {
            // The agent (its command line names l3_agent.ini) goes in the same round as what it spawned.
            boolean any = !new NeutronNode(lab).killRouterProcesses(node).isEmpty();
            return lab.services(node.name()).kill(NeutronNode.L3_AGENT) || any;
        }
        ExecResult result = lab.shell(node.name()).exec(ShellWords.script(KILL, RouterLayout.KEEPALIVED, RouterLayout.AGENT),
                NodeShell.DEFAULT_TIMEOUT);
        return result.ok();
    }

    /** Takes the router's ports on {@code node} down, as its host's network cards going dark with the host. */
    void cutPorts(NodeSpec node) {
        if (neutron()) {
            // Neutron's router ports are Open vSwitch ports moved into the namespace: they go with it.
            new NeutronNode(lab).deleteRouterNamespaces(node);
            return;
        }
        ExecResult r = lab.shell(node.name()).exec(ShellWords.script(CUT, RouterLayout.NAMESPACE, RouterLayout.QG,
                RouterLayout.QR, layout.haPort(node)), NodeShell.DEFAULT_TIMEOUT);
        if (!r.ok()) {
            throw new LabException("cannot take the router's ports down on " + node.name() + ": " + r.lastErrorLine());
        }
    }

    /**
     * The host back: the router rebuilt on {@code node} and its keepalived and agent started again; with Neutron,
     * the L3 agent started again as {@code cloud}'s deployment started it, which rebuilds the router itself.
     */
    void startRouter(Cloud cloud, NodeSpec node) {
        if (neutron()) {
            Cloud.Started agent = cloud.services().get(node.name()).get(NeutronNode.L3_AGENT);
            lab.services(node.name()).start(NeutronNode.L3_AGENT, agent.argv());
            return;
        }
        new L3RouterPair(lab).startRouter(node);
    }

    /**
     * With Neutron, waits until its servers see the router active on {@code master} and standby on the others:
     * the agent that took it over reported it, and the one started again has rebuilt it and reported its state.
     *
     * @return the agents' states; empty for the lab's own router, which has no servers to ask
     */
    Optional<String> awaitSettledInNeutron(Cloud cloud, String master, Duration timeout) {
        if (!neutron()) {
            return Optional.empty();
        }
        return Optional.of(new Neutron(lab, cloud.keystone()).awaitRouterSettled(layout.routers(), master, timeout));
    }
}
