package dev.hagate.fault;

import dev.hagate.deploy.L3RouterPair;
import dev.hagate.deploy.RouterLayout;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Topology.NodeSpec;

/**
 * A router node's host as {@link DropL3AgentFault} breaks it and brings it back: its router processes killed,
 * its router's ports cut, the router started again as the L3 agent does when its host returns.
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

    /**
     * SIGKILLs the router's keepalived (its VRRP child with it) and its agent on {@code node}, as when the agent's
     * host dies. The addresses keepalived had added stay where they were.
     *
     * @return whether keepalived or the agent was running
     */
    boolean killRouterProcesses(NodeSpec node) {
        ExecResult result = lab.shell(node.name()).exec(ShellWords.script(KILL, RouterLayout.KEEPALIVED, RouterLayout.AGENT),
                NodeShell.DEFAULT_TIMEOUT);
        return result.ok();
    }

    /** Takes the router's ports on {@code node} down, as its host's network cards going dark with the host. */
    void cutPorts(NodeSpec node) {
        ExecResult r = lab.shell(node.name()).exec(ShellWords.script(CUT, RouterLayout.NAMESPACE, RouterLayout.QG,
                RouterLayout.QR, layout.haPort(node)), NodeShell.DEFAULT_TIMEOUT);
        if (!r.ok()) {
            throw new LabException("cannot take the router's ports down on " + node.name() + ": " + r.lastErrorLine());
        }
    }

    /** The host back: the router rebuilt on {@code node} and its keepalived and agent started again. */
    void startRouter(NodeSpec node) {
        new L3RouterPair(lab).startRouter(node);
    }
}
