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
    // Longer than any recovery-time limit of the scenarios: a cluster that never heals fails that check.
    private static final Duration REJOIN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration IPTABLES_TIMEOUT = Duration.ofSeconds(20);
    /** Hits any node, the writer unless named; the only fault that takes a port. */
    public static final FaultKind DECLARATION = new FaultKind(KIND, Targets.ROLES, Targets.WRITER, true, null, PartitionFault::new);

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
        long start = System.nanoTime();
        run("iptables-restore -w --noflush", rules(peers, port), "cut " + node.name() + " off");
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        List<String> others = cloud.lab().topology().nodes().stream().map(NodeSpec::name).filter(n -> !n.equals(node.name())).toList();
        return "partition " + Targets.describe(node, target) + " from " + String.join(", ", others) + " ("
                + (port == null ? "all traffic" : "port " + port) + "); in effect after " + ms + " ms";
    }

    /**
     * The partition as iptables-restore input: dropped to and from each of {@code peers}, all traffic or only
     * {@code port} (TCP and UDP, as source or destination port). One restore puts every rule in effect at
     * once, in one call (each iptables call costs ~20 ms).
     */
    static String rules(List<String> peers, Integer port) {
        List<String> matches = port == null ? List.of("")
                : List.of(" -p tcp -m multiport --ports " + port, " -p udp -m multiport --ports " + port);
        StringBuilder rules = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
        for (String peer : peers) {
            for (String match : matches) {
                rules.append("-A ").append(CHAIN).append(" -s ").append(peer).append(match).append(" -j DROP\n");
                rules.append("-A ").append(CHAIN).append(" -d ").append(peer).append(match).append(" -j DROP\n");
            }
        }
        rules.append("-I INPUT 1 -j ").append(CHAIN).append('\n');
        rules.append("-I OUTPUT 1 -j ").append(CHAIN).append('\n');
        return rules.append("COMMIT\n").toString();
    }

    @Override
    public String recover() {
        if (node == null) {
            throw new IllegalStateException("recover() before inject()");
        }
        heal();
        return "healed; " + cloud.awaitWhole(REJOIN_TIMEOUT);
    }

    /** Removes the partition's rules; a no-op when they are gone. */
    void heal() {
        run("while iptables -w -D INPUT -j " + CHAIN + " 2>/dev/null; do :; done;"
                + " while iptables -w -D OUTPUT -j " + CHAIN + " 2>/dev/null; do :; done;"
                + " iptables -w -F " + CHAIN + " 2>/dev/null; iptables -w -X " + CHAIN + " 2>/dev/null; true", null,
                "heal " + node.name());
    }

    private void run(String command, String input, String what) {
        NodeShell shell = cloud.lab().shell(node.name());
        ExecResult result = shell.exec(command, input, IPTABLES_TIMEOUT);
        if (!result.ok()) {
            throw new LabException("iptables could not " + what + ": " + result.lastErrorLine());
        }
    }
}
