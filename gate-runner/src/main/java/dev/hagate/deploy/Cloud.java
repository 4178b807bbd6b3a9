package dev.hagate.deploy;

import dev.hagate.deploy.component.Component;
import dev.hagate.deploy.component.Component.DatabaseAccount;
import dev.hagate.deploy.component.KeepalivedComponent;
import dev.hagate.lab.Lab;
import dev.hagate.topology.Service;
import dev.hagate.wait.Wait;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment gives the probes and faults: the lab, the VIP, the probes' accounts (database and
 * messaging), the Galera and RabbitMQ clusters and Keystone; the components deployed, by service, in the
 * order they were deployed ({@code components}), which a reset and a health examination go through; for the
 * reports, the configuration files it rendered with secrets masked ({@code configs}: node, then path on the
 * node, then content); and for resets and reboots, what runs on each node ({@code services}: node, then
 * program name, then which service started it and how).
 */
public record Cloud(Lab lab, String vip, Database database, Messaging messaging, GaleraCluster galera,
                    RabbitCluster rabbit, Keystone keystone, Map<String, Map<String, String>> configs,
                    Map<String, Map<String, Started>> services, Map<Service, Component> components) {

    /** A program a deployment started: the service it is part of, and its command. */
    public record Started(Service service, List<String> argv) {
        public Started {
            argv = List.copyOf(argv);
        }
    }

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

        /** {@code account} with its password from {@code secrets}. */
        public static Database of(DatabaseAccount account, Secrets secrets) {
            return new Database(account.database(), account.user(), secrets.get(account.secret()));
        }

        @Override
        public String toString() {
            return "Database[name=" + name + ", user=" + user + "]";
        }
    }

    public static final int MYSQL_PORT = 3306;
    public static final int MEMCACHED_PORT = 11211;
    /** Asking the cluster one question (who is the writer) may wait longer than a probe's operation. */
    private static final Duration QUESTION_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration QUESTION_SOCKET_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Starts again every program a deployment started that is not running now (a fault killed it, a node
     * was powered off), as the node's init would, each the way its component says (Galera members rejoin
     * from their recovered position).
     *
     * @return what was started, as {@code node/program}; empty when everything was running
     */
    public List<String> restartStopped() {
        List<String> restarted = new ArrayList<>();
        services.forEach((node, byName) -> byName.forEach((name, started) -> {
            if (!lab.services(node).isRunning(name)) {
                components.get(started.service()).restart(lab, lab.topology().node(node).orElseThrow(), name, started.argv());
                restarted.add(node + "/" + name);
            }
        }));
        return restarted;
    }

    /**
     * Waits until the whole cloud is healthy, each component in turn within what is left of {@code timeout}:
     * every Galera node Synced, every RabbitMQ node in one cluster, exactly one VIP holder that stays the only
     * one for three VRRP advert intervals (a second master, a split brain, shows only once a backup has timed
     * out), every Keystone node answering.
     *
     * @return a one-line account of what was seen
     * @throws DeploymentException naming what was not whole when {@code timeout} passes
     */
    public String awaitWhole(Duration timeout) {
        return awaitWhole(timeout, KeepalivedComponent.VRRP_TAKEOVER);
    }

    /** As {@link #awaitWhole(Duration)}, the VIP holder having to stay the only one for {@code steadyFor}. */
    public String awaitWhole(Duration timeout, Duration steadyFor) {
        long start = System.nanoTime();
        List<String> seen = new ArrayList<>();
        for (Component component : components.values()) {
            Optional<String> whole = component.awaitWhole(this, Wait.remaining(start, timeout), steadyFor);
            whole.ifPresent(seen::add);
        }
        return String.join("; ", seen);
    }

    /**
     * After a reset: waits for what only a reset waits for ({@link Component#awaitAfterReset}), each component
     * in turn with the whole of {@code timeout}.
     *
     * @return a one-line account of what was seen; empty when nothing was waited for
     */
    public String awaitAfterReset(Duration timeout) {
        List<String> seen = new ArrayList<>();
        for (Component component : components.values()) {
            component.awaitAfterReset(this, timeout).ifPresent(seen::add);
        }
        return String.join("; ", seen);
    }

    /**
     * The nodes holding the VIP on their interface right now. More than one is a split brain: each
     * answers ARP for it, and clients land on whichever answered last.
     */
    public List<String> vipHolders() {
        return vipHolders(lab, vip);
    }

    /** The nodes of {@code lab} holding {@code vip} on their interface right now. */
    public static List<String> vipHolders(Lab lab, String vip) {
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
        String url = MariaDbUrl.of(vip, MYSQL_PORT, database.name(), QUESTION_CONNECT_TIMEOUT, QUESTION_SOCKET_TIMEOUT);
        try (Connection c = DriverManager.getConnection(url, database.user(), database.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@wsrep_node_name")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
