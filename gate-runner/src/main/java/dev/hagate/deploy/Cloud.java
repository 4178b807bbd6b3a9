package dev.hagate.deploy;

import dev.hagate.lab.Lab;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What a deployment gives the probes and faults: the lab, the VIP, the probes' accounts (database and
 * messaging), the Galera and RabbitMQ clusters and Keystone; for the reports, the configuration files it
 * rendered with secrets masked ({@code configs}: node, then path on the node, then content); and for resets
 * and reboots, what runs on each node ({@code services}: node, then service name, then its program).
 */
public record Cloud(Lab lab, String vip, Database database, Messaging messaging, GaleraCluster galera,
                    RabbitCluster rabbit, Keystone keystone, Map<String, Map<String, String>> configs,
                    Map<String, Map<String, List<String>>> services) {

    /** The probes' RabbitMQ account. The password is never printed. */
    public record Messaging(String user, String password) {
        @Override
        public String toString() {
            return "Messaging[user=" + user + "]";
        }
    }

    /** The RabbitMQ nodes' addresses, in topology order: clients are given all of them, as oslo.messaging is. */
    public List<String> messagingAddresses() {
        return rabbit.nodes().stream().map(n -> n.address()).toList();
    }

    /** The account and database the probes use through the VIP. The password is never printed. */
    public record Database(String name, String user, String password) {
        @Override
        public String toString() {
            return "Database[name=" + name + ", user=" + user + "]";
        }
    }

    public static final int MYSQL_PORT = 3306;
    public static final int MEMCACHED_PORT = 11211;
    private static final Duration POLL = Duration.ofMillis(200);
    /** Three VRRP advert intervals of one second each, as the templates set them. */
    private static final Duration VRRP_TAKEOVER = Duration.ofSeconds(3);

    /**
     * Starts again every service a deployment started that is not running now (a fault killed it, a node
     * was powered off), as the node's init would. Galera members rejoin from their recovered position.
     *
     * @return what was started, as {@code node/service}; empty when everything was running
     */
    public List<String> restartStopped() {
        List<String> restarted = new ArrayList<>();
        services.forEach((node, byName) -> byName.forEach((name, argv) -> {
            if (!lab.services(node).isRunning(name)) {
                if (name.equals(GaleraCluster.SERVICE)) {
                    galera.start(lab.topology().node(node).orElseThrow(), false);
                } else {
                    lab.services(node).start(name, argv);
                }
                restarted.add(node + "/" + name);
            }
        }));
        return restarted;
    }

    /**
     * Waits until the whole control plane is healthy: every Galera node Synced, every RabbitMQ node in one
     * cluster, every Keystone node answering, and exactly one VIP holder that stays the only one for three VRRP
     * advert intervals (a second master, a split brain, shows only once a backup has timed out).
     *
     * @return a one-line account of what was seen
     * @throws DeploymentException naming what was not whole when {@code timeout} passes
     */
    public String awaitWhole(Duration timeout) {
        return awaitWhole(timeout, VRRP_TAKEOVER);
    }

    /** As {@link #awaitWhole(Duration)}, the VIP holder having to stay the only one for {@code steadyFor}. */
    public String awaitWhole(Duration timeout, Duration steadyFor) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var galeraSeen = galera.awaitWhole(timeout);
        var rabbitSeen = rabbit.nodes().isEmpty() ? List.of() : rabbit.awaitWhole(remaining(deadline));
        List<String> holders = List.of();
        List<String> silent = List.of();
        long steadySince = 0;
        while (System.nanoTime() < deadline) {
            List<String> now = vipHolders();
            if (now.size() != 1 || !now.equals(holders)) {
                steadySince = System.nanoTime();
            }
            holders = now;
            silent = keystone.nodes().stream().filter(n -> !Keystone.answers(n)).map(n -> n.name()).toList();
            if (holders.size() == 1 && silent.isEmpty() && System.nanoTime() - steadySince >= steadyFor.toNanos()) {
                return "galera " + galeraSeen + (rabbitSeen.isEmpty() ? "" : "; rabbitmq " + rabbitSeen) + "; VIP on "
                        + holders.get(0) + (keystone.nodes().isEmpty() ? "" : "; keystone on every node");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new DeploymentException("the cloud was not whole within " + timeout.toSeconds() + " s: the VIP " + vip
                + " should be held by exactly one node, steadily, and is held by "
                + (holders.isEmpty() ? "no node" : String.join(", ", holders))
                + (silent.isEmpty() ? "" : "; Keystone silent on " + String.join(", ", silent)));
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * The nodes holding the VIP on their interface right now. More than one is a split brain: each
     * answers ARP for it, and clients land on whichever answered last.
     */
    public List<String> vipHolders() {
        List<String> holders = new ArrayList<>();
        for (var node : lab.topology().nodes()) {
            String addresses = lab.shell(node.name()).run("ip -4 -o addr show");
            if (addresses.contains(" " + vip + "/")) {
                holders.add(node.name());
            }
        }
        return holders;
    }

    /**
     * The Galera node HAProxy sends clients to right now, asked through the VIP.
     *
     * @throws SQLException when the VIP does not answer
     */
    public String currentDatabaseWriter() throws SQLException {
        String url = "jdbc:mariadb://" + vip + ":" + MYSQL_PORT + "/" + database.name() + "?connectTimeout=2000&socketTimeout=5000";
        try (Connection c = DriverManager.getConnection(url, database.user(), database.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@wsrep_node_name")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
