package dev.hagate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The RabbitMQ cluster of a lab as its nodes see it, asked on each node with {@code rabbitmqctl} (each
 * node's own view: a paused or partitioned node sees fewer peers than the others).
 */
public final class RabbitCluster {

    /** The service name RabbitMQ runs under on every node. */
    public static final String SERVICE = "rabbitmq";
    public static final int AMQP_PORT = 5672;
    /** Erlang distribution (inter-node traffic) and the port mapper that locates it. */
    /**
     * The partition heal beside each server (the template {@code rabbitmq-partition-heal.sh}): a node left in a
     * minority after a partition healed before pause_minority paused it restarts its RabbitMQ application.
     */
    public static final String PARTITION_HEAL = "rabbitmq-partition-heal";
    public static final String PARTITION_HEAL_SCRIPT = "/etc/rabbitmq/partition-heal.sh";
    public static final List<Integer> CLUSTER_PORTS = List.of(25672, 4369);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * rabbitmqctl may wait on a node whose distribution link hangs (after a partition); that is the cluster's
     * state, not the lab's, so the command gets its own, shorter, limit and counts as no answer.
     */
    private static final String CTL = "timeout 15 rabbitmqctl -q ";
    private static final Duration CTL_TIMEOUT = Duration.ofSeconds(20);

    private final Lab lab;
    private final List<NodeSpec> nodes;

    public RabbitCluster(Lab lab) {
        this.lab = lab;
        this.nodes = lab.topology().nodesRunning(Service.RABBITMQ);
    }

    public List<NodeSpec> nodes() {
        return nodes;
    }

    /** {@code rabbit@<name>}: nodes are named after their hostnames (see rabbitmq-env.conf). */
    public static String erlangName(NodeSpec node) {
        return "rabbit@" + node.name();
    }

    /** The program RabbitMQ runs as: the server script, as the {@code rabbitmq} user, with its home for the cookie. */
    public static List<String> command() {
        return List.of("/usr/bin/setpriv", "--reuid=rabbitmq", "--regid=rabbitmq", "--init-groups",
                "/usr/bin/env", "HOME=/var/lib/rabbitmq", "/usr/lib/rabbitmq/bin/rabbitmq-server");
    }

    /** One node's view: the members it sees running, and the partitions it knows of. */
    public record NodeStatus(String node, boolean reachable, List<String> running, List<String> partitions) {

        public boolean clustered(int expected) {
            return reachable && running.size() == expected && partitions.isEmpty();
        }

        @Override
        public String toString() {
            return !reachable ? node + "=down" : node + "=" + running.size() + " running" + (partitions.isEmpty() ? "" : ", partitions " + partitions);
        }
    }

    public NodeStatus status(NodeSpec node) {
        ExecResult result = lab.shell(node.name()).exec(CTL + "cluster_status --formatter json 2>/dev/null", CTL_TIMEOUT);
        if (!result.ok()) {
            return new NodeStatus(node.name(), false, List.of(), List.of());
        }
        try {
            JsonNode status = JSON.readTree(result.stdout());
            List<String> running = new ArrayList<>();
            status.path("running_nodes").forEach(n -> running.add(n.asText()));
            List<String> partitions = new ArrayList<>();
            status.path("partitions").fields().forEachRemaining(e -> partitions.add(e.getKey() + " cannot see " + e.getValue()));
            return new NodeStatus(node.name(), true, running, partitions);
        } catch (IOException e) {
            return new NodeStatus(node.name(), false, List.of(), List.of());
        }
    }

    /** Every node's view, asked in parallel: each {@code rabbitmqctl} starts an Erlang VM (about a second). */
    public List<NodeStatus> status() {
        return nodes.parallelStream().map(this::status).toList();
    }

    /**
     * Waits until every node sees all nodes running and no partition.
     *
     * @throws DeploymentException naming every node's last view when {@code timeout} passes first
     */
    public List<NodeStatus> awaitWhole(Duration timeout) {
        return awaitWhole(timeout, POLL);
    }

    /** As {@link #awaitWhole(Duration)}, looking every {@code poll}: each look costs every node about a second of CPU. */
    public List<NodeStatus> awaitWhole(Duration timeout, Duration poll) {
        return Wait.until("RabbitMQ: one cluster of " + nodes.size() + " running nodes", timeout).pollingEvery(poll).on(() -> {
            List<NodeStatus> seen = status();
            return seen.stream().allMatch(s -> s.clustered(nodes.size())) ? Seen.done(seen) : Seen.notYet(seen.toString());
        }, DeploymentException::new);
    }

    /** A quorum queue: its leader and the members that are online. */
    public record QueueStatus(String name, String type, String leader, List<String> members, List<String> online) {

        public boolean healthy() {
            return !type.equals("quorum") || (!leader.isEmpty() && online.containsAll(members));
        }

        @Override
        public String toString() {
            return name + " (" + type + ") leader " + (leader.isEmpty() ? "none" : leader) + ", " + online.size() + "/"
                    + members.size() + " members online";
        }
    }

    /** Every queue of the default vhost, as {@code node} sees them. */
    public List<QueueStatus> queues(NodeSpec node) {
        ExecResult listed = lab.shell(node.name()).exec(CTL + "list_queues name type leader members online --formatter json",
                CTL_TIMEOUT);
        if (!listed.ok()) {
            throw new DeploymentException("rabbitmqctl list_queues failed on " + node.name() + ": " + listed.lastErrorLine());
        }
        String json = listed.stdout();
        try {
            List<QueueStatus> queues = new ArrayList<>();
            for (JsonNode q : JSON.readTree(json)) {
                queues.add(new QueueStatus(q.path("name").asText(), q.path("type").asText(), q.path("leader").asText(""),
                        texts(q.path("members")), texts(q.path("online"))));
            }
            return queues;
        } catch (IOException e) {
            throw new DeploymentException("rabbitmqctl list_queues on " + node.name() + " printed no JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> texts.add(n.asText()));
        }
        return texts;
    }
}
