package dev.hagate.deploy.component;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.RabbitCluster;
import dev.hagate.lab.Lab;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RabbitMQ on every node running {@code rabbitmq}, the nodes forming their cluster by themselves from a
 * {@code classic_config} list (about 25 s, which overlaps Galera's state transfers, since neither depends on
 * the other), with the partition heal beside each server. It makes every messaging account the deployed
 * components need once the cluster is whole.
 */
public final class RabbitMqComponent implements Component {

    /** The probes' own messaging account. */
    public static final MessagingAccount PROBE_ACCOUNT = new MessagingAccount("hagate", "messaging");
    /** Shared by every RabbitMQ node: Erlang nodes with different cookies refuse each other. */
    static final String ERLANG_COOKIE = "erlang_cookie";
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(120);
    /**
     * While the cluster forms (about 25 s) Galera's state transfers run beside it, and each look starts an
     * Erlang VM on every node (about a second of CPU each): a few looks are enough, since nothing needs the
     * cluster before Galera, HAProxy and the VIP are up.
     */
    private static final Duration FORMING_POLL = Duration.ofSeconds(5);

    @Override
    public Service service() {
        return Service.RABBITMQ;
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/sbin/rabbitmqctl", "/usr/bin/setpriv");
    }

    @Override
    public List<String> packages() {
        return List.of("rabbitmq-server", "util-linux");
    }

    @Override
    public List<ConfigFile> configFiles() {
        return List.of(new ConfigFile("rabbitmq-env.conf", "/etc/rabbitmq/rabbitmq-env.conf", "0644"),
                new ConfigFile("rabbitmq.conf", "/etc/rabbitmq/rabbitmq.conf", "0644"),
                new ConfigFile("rabbitmq-partition-heal.sh", RabbitCluster.PARTITION_HEAL_SCRIPT, "0755"));
    }

    @Override
    public List<String> secrets() {
        return List.of(PROBE_ACCOUNT.secret(), ERLANG_COOKIE);
    }

    @Override
    public List<MessagingAccount> messagingAccounts() {
        return List.of(PROBE_ACCOUNT);
    }

    @Override
    public void deploy(Deployment deployment) {
        RabbitCluster rabbit = new RabbitCluster(deployment.lab());
        List<NodeSpec> nodes = rabbit.nodes();
        deployment.progress("rabbitmq: starting on " + Deployment.names(nodes));
        String cookie = deployment.secrets().get(ERLANG_COOKIE).toUpperCase(Locale.ROOT);
        for (NodeSpec node : nodes) {
            deployment.labStep(node, "read -r cookie && mkdir -p /var/lib/rabbitmq /var/log/rabbitmq"
                    + " && printf %s \"$cookie\" > /var/lib/rabbitmq/.erlang.cookie && chmod 400 /var/lib/rabbitmq/.erlang.cookie"
                    + " && chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq",
                    cookie + "\n", "cannot give RabbitMQ its cookie");
            deployment.start(service(), node, RabbitCluster.SERVICE, RabbitCluster.command());
            deployment.start(service(), node, RabbitCluster.PARTITION_HEAL, List.of("/bin/sh", RabbitCluster.PARTITION_HEAL_SCRIPT));
        }
        deployment.progress("rabbitmq: waiting for one cluster of " + nodes.size());
        rabbit.awaitWhole(CLUSTER_TIMEOUT, FORMING_POLL);
        // Users are cluster-wide: made once, on the first node.
        NodeSpec first = nodes.get(0);
        for (MessagingAccount account : deployment.messagingAccounts()) {
            // The password is read from standard input, never put on a command line (RabbitMQ 4.0's add_user
            // waits forever for it with -q).
            deployment.changeStep(first, ShellWords.script("rabbitmqctl add_user \"$1\" > /dev/null"
                            + " && rabbitmqctl -q set_permissions \"$1\" '.*' '.*' '.*'", account.user()),
                    deployment.secrets().get(account.secret()) + "\n", "cannot create RabbitMQ user " + account.user());
        }
    }

    @Override
    public void reset(Lab lab) {
        // Its database holds the cluster, users and queues of the last deployment.
        lab.topology().nodesRunning(service()).parallelStream()
                .forEach(node -> lab.shell(node.name()).run("rm -rf /var/lib/rabbitmq/mnesia"));
    }

    @Override
    public Optional<String> awaitWhole(Cloud cloud, Duration timeout, Duration steadyFor) {
        return Optional.of("rabbitmq " + cloud.rabbit().awaitWhole(timeout));
    }

    @Override
    public List<Examination> examinations(Cloud cloud) {
        RabbitCluster rabbit = cloud.rabbit();
        return List.of(new Examination("rabbitmq", () -> {
            List<RabbitCluster.NodeStatus> status = rabbit.status();
            int size = rabbit.nodes().size();
            if (!status.stream().allMatch(s -> s.clustered(size))) {
                throw new DeploymentException("not every node sees " + size + " running: " + status);
            }
            return "every node sees " + size + " running, no partition";
        }), new Examination("quorum queues", () -> {
            List<RabbitCluster.QueueStatus> queues = rabbit.queues(rabbit.nodes().get(0));
            List<RabbitCluster.QueueStatus> unhealthy = queues.stream().filter(q -> !q.healthy()).toList();
            if (!unhealthy.isEmpty()) {
                throw new DeploymentException("queues without a leader or with members offline: " + unhealthy);
            }
            long quorum = queues.stream().filter(q -> q.type().equals("quorum")).count();
            return quorum + " quorum queues, each with a leader and every member online";
        }));
    }
}
