package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;

/**
 * Cuts one node off from the other nodes with iptables on that node: all traffic, or only one port (TCP and
 * UDP, either direction). The runner, which reaches nodes from outside the lab's node addresses, still
 * reaches it. Recovery removes the rules and waits until the cluster is whole.
 */
public final class PartitionFault implements Fault {

    public static final String KIND = "partition";
    private static final String CHAIN = "HAGATE-PARTITION";
    private static final Duration REJOIN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration IPTABLES_TIMEOUT = Duration.ofSeconds(20);

    private final Cloud cloud;
    private final String target;
    private final Integer port;
    private NodeSpec node;

    /** @param port the one port to cut, or null for all traffic */
    public PartitionFault(Cloud cloud, String target, Integer port) {
        this.cloud = cloud;
        this.target = target;
        this.port = port;
    }

    @Override
    public String inject() {
        node = Targets.resolve(cloud, target);
        List<String> peers = cloud.lab().topology().nodes().stream().filter(n -> !n.name().equals(node.name()))
                .map(NodeSpec::address).toList();
        StringBuilder rules = new StringBuilder("set -e; iptables -w -N " + CHAIN + " 2>/dev/null || iptables -w -F " + CHAIN + "\n");
        for (String peer : peers) {
            for (String match : matches()) {
                rules.append("iptables -w -A ").append(CHAIN).append(" -s ").append(peer).append(match).append(" -j DROP\n");
                rules.append("iptables -w -A ").append(CHAIN).append(" -d ").append(peer).append(match).append(" -j DROP\n");
            }
        }
        rules.append("iptables -w -I INPUT -j ").append(CHAIN).append('\n');
        rules.append("iptables -w -I OUTPUT -j ").append(CHAIN).append('\n');
        long start = System.nanoTime();
        run(rules.toString(), "cut " + node.name() + " off");
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        List<String> others = cloud.lab().topology().nodes().stream().map(NodeSpec::name).filter(n -> !n.equals(node.name())).toList();
        return "partition " + Targets.describe(node, target) + " from " + String.join(", ", others) + " ("
                + (port == null ? "all traffic" : "port " + port) + "); in effect after " + ms + " ms";
    }

    private List<String> matches() {
        return port == null ? List.of("") : List.of(" -p tcp -m multiport --ports " + port, " -p udp -m multiport --ports " + port);
    }

    @Override
    public String recover() {
        if (node == null) {
            throw new IllegalStateException("recover() before inject()");
        }
        heal();
        return "healed; " + WholeCluster.await(cloud, REJOIN_TIMEOUT);
    }

    /** Removes the partition's rules; a no-op when they are gone. */
    void heal() {
        run("while iptables -w -D INPUT -j " + CHAIN + " 2>/dev/null; do :; done;"
                + " while iptables -w -D OUTPUT -j " + CHAIN + " 2>/dev/null; do :; done;"
                + " iptables -w -F " + CHAIN + " 2>/dev/null; iptables -w -X " + CHAIN + " 2>/dev/null; true", "heal " + node.name());
    }

    private void run(String script, String what) {
        NodeShell shell = cloud.lab().shell(node.name());
        ExecResult result = shell.exec(script, IPTABLES_TIMEOUT);
        if (!result.ok()) {
            throw new LabException("iptables could not " + what + ": " + result.lastErrorLine());
        }
    }
}
