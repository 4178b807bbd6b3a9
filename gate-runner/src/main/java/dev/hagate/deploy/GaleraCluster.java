package dev.hagate.deploy;

import dev.hagate.lab.Lab;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Galera cluster of a lab as its nodes see it, asked on each node over SSH with the local client (so a
 * node's own view is read, not the VIP's).
 */
public final class GaleraCluster {

    /** The service name the cluster's mariadbd runs under on every node. */
    public static final String SERVICE = "mariadb";
    public static final String MARIADBD = "/usr/sbin/mariadbd";

    private final Lab lab;
    private final List<NodeSpec> nodes;

    public GaleraCluster(Lab lab) {
        this.lab = lab;
        this.nodes = lab.topology().nodesRunning(Service.GALERA);
    }

    /** One node's view: {@code state} is wsrep_local_state_comment ({@code Synced}, {@code Joiner}, ...). */
    public record NodeStatus(String node, boolean reachable, int clusterSize, String state, String clusterStatus) {

        public boolean synced(int expectedSize) {
            return reachable && clusterSize == expectedSize && state.equals("Synced") && clusterStatus.equals("Primary");
        }

        @Override
        public String toString() {
            return reachable ? node + "=" + state + "/" + clusterSize + "/" + clusterStatus : node + "=down";
        }
    }

    public List<NodeSpec> nodes() {
        return nodes;
    }

    public NodeStatus status(NodeSpec node) {
        NodeShell shell = lab.shell(node.name());
        var result = shell.exec("mariadb --connect-timeout=2 -N -B -e \"SHOW GLOBAL STATUS WHERE Variable_name IN"
                + " ('wsrep_cluster_size','wsrep_local_state_comment','wsrep_cluster_status')\"", Duration.ofSeconds(10));
        if (!result.ok()) {
            return new NodeStatus(node.name(), false, 0, "down", "down");
        }
        Map<String, String> vars = new HashMap<>();
        result.stdout().lines().map(l -> l.split("\t", 2)).filter(p -> p.length == 2).forEach(p -> vars.put(p[0], p[1].trim()));
        return new NodeStatus(node.name(), true, parseInt(vars.get("wsrep_cluster_size")),
                vars.getOrDefault("wsrep_local_state_comment", "?"), vars.getOrDefault("wsrep_cluster_status", "?"));
    }

    public List<NodeStatus> status() {
        List<NodeStatus> all = new ArrayList<>();
        nodes.forEach(n -> all.add(status(n)));
        return all;
    }

    /**
     * Waits until each of {@code members} is Synced in a primary component of exactly that many nodes.
     *
     * @return the statuses seen when it was
     * @throws DeploymentException naming every node's last state when {@code timeout} passes first
     */
    public List<NodeStatus> awaitSynced(List<NodeSpec> members, Duration timeout) {
        return Wait.until("Galera: " + members.size() + " Synced nodes", timeout).on(() -> {
            List<NodeStatus> seen = members.stream().map(this::status).toList();
            return seen.stream().allMatch(s -> s.synced(members.size())) ? Seen.done(seen) : Seen.notYet(seen.toString());
        }, DeploymentException::new);
    }

    /** Waits until the whole cluster (every Galera node of the topology) is Synced. */
    public List<NodeStatus> awaitWhole(Duration timeout) {
        return awaitSynced(nodes, timeout);
    }

    /**
     * Starts mariadbd on {@code node}; {@code bootstrap} starts a new cluster instead of joining one.
     * A joiner first recovers its last committed position from its datadir, as Debian's systemd unit does
     * with galera_recovery: without it a node restarted after a crash asks for a full SST instead of IST.
     */
    public void start(NodeSpec node, boolean bootstrap) {
        List<String> argv = new ArrayList<>(List.of(MARIADBD, "--user=mysql"));
        if (bootstrap) {
            argv.add("--wsrep-new-cluster");
        } else {
            String position = lab.shell(node.name()).run("/usr/bin/galera_recovery 2>/dev/null || true").trim();
            if (position.startsWith("--wsrep_start_position=")) {
                argv.add(position);
            }
        }
        lab.services(node.name()).start(SERVICE, argv);
    }

    /**
     * Registers mariadbd to start when {@code node} boots (after a power loss): it joins the cluster from the
     * position it recovers from its datadir, never bootstrapping a new one.
     */
    public void enableAtBoot(NodeSpec node) {
        lab.services(node.name()).enableAtBoot(SERVICE, List.of("/bin/sh", "-c",
                "mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld"
                        + " && exec " + MARIADBD + " --user=mysql $(/usr/bin/galera_recovery 2>/dev/null | grep -- '^--wsrep_start_position=')"));
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
