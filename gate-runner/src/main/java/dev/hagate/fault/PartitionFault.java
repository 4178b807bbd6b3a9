package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;

/**
 * Cuts one node off from the other nodes with iptables in its own network namespace (or on its own host):
 * all traffic between them, or only the given TCP ports (RabbitMQ's inter-node ports, say). Packets are
 * dropped, not refused, as on a real partition: peers notice only by their own timeouts. The runner's own
 * address is not cut, so the node can still be observed and healed. Healing removes the rules and waits until
 * the cloud is whole again.
 */
public final class PartitionFault implements Fault {

    public static final String KIND = "partition";
    /** One chain of the lab's own, so healing removes exactly what the fault added. */
    static final String CHAIN = "HAGATE-PARTITION";
    private static final Duration HEAL_TIMEOUT = Duration.ofMinutes(2);

    private final Cloud cloud;
    private final String target;
    private final List<Integer> ports;
    private NodeSpec isolated;

    /** @param ports TCP ports to cut; empty cuts all traffic with the other nodes */
    public PartitionFault(Cloud cloud, String target, List<Integer> ports) {
        this.cloud = cloud;
        this.target = target;
        this.ports = ports;
    }

    @Override
    public String inject() {
        isolated = FaultTarget.resolve(cloud, target);
        List<String> peers = cloud.lab().topology().nodes().stream().filter(n -> !n.equals(isolated)).map(NodeSpec::address).toList();
        StringBuilder rules = new StringBuilder(removeRules()).append("iptables -w -N ").append(CHAIN)
                .append(" && iptables -w -I INPUT -j ").append(CHAIN).append(" && iptables -w -I OUTPUT -j ").append(CHAIN);
        for (String peer : peers) {
            if (ports.isEmpty()) {
                rules.append(" && iptables -w -A ").append(CHAIN).append(" -s ").append(peer).append(" -j DROP")
                        .append(" && iptables -w -A ").append(CHAIN).append(" -d ").append(peer).append(" -j DROP");
            }
            for (int port : ports) {
                for (String direction : List.of("-s", "-d")) {
                    for (String side : List.of("--dport", "--sport")) {
                        rules.append(" && iptables -w -A ").append(CHAIN).append(' ').append(direction).append(' ').append(peer)
                                .append(" -p tcp ").append(side).append(' ').append(port).append(" -j DROP");
                    }
                }
            }
        }
        ExecResult result = shell().exec(rules.toString(), NodeShell.DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new LabException("cannot partition " + isolated.name() + " with iptables: " + result.lastErrorLine());
        }
        return "cut " + isolated.name() + " off from " + String.join(", ", peers)
                + (ports.isEmpty() ? " (all traffic)" : " on TCP ports " + ports) + ", packets dropped";
    }

    /** Shell commands removing the fault's chain if it is there; always succeeds. */
    private static String removeRules() {
        return "iptables -w -D INPUT -j " + CHAIN + " 2>/dev/null; iptables -w -D OUTPUT -j " + CHAIN + " 2>/dev/null;"
                + " iptables -w -F " + CHAIN + " 2>/dev/null; iptables -w -X " + CHAIN + " 2>/dev/null; ";
    }

    private NodeShell shell() {
        return cloud.lab().shell(isolated.name());
    }

    @Override
    public String recover() {
        if (isolated == null) {
            throw new IllegalStateException("recover() before inject()");
        }
        ExecResult healed = shell().exec(removeRules() + "! iptables -w -S " + CHAIN + " >/dev/null 2>&1", NodeShell.DEFAULT_TIMEOUT);
        if (!healed.ok()) {
            throw new LabException("cannot remove the partition of " + isolated.name() + ": " + healed.lastErrorLine());
        }
        return isolated.name() + " reconnected; " + cloud.awaitWhole(HEAL_TIMEOUT);
    }
}
