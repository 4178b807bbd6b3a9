package dev.hagate.deploy;

import dev.hagate.lab.Lab;
import dev.hagate.lab.NodeCommandException;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Deploys the database tier from Debian's packages onto any Debian 12 node it reaches over SSH (namespace
 * nodes, VMs, bare metal): MariaDB + Galera on every Galera node (bootstrap the first, join the others one
 * by one, state transfer by mariabackup), a clustercheck endpoint per node, HAProxy in front of Galera and
 * keepalived holding the VIP for HAProxy. Configuration comes only from the templates of the change.
 */
public final class DebianDeployer implements Deployer {

    private static final Duration BOOTSTRAP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration VIP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration VIP_POLL = Duration.ofMillis(200);
    /** Three VRRP advert intervals of one second each, as the templates set them. */
    private static final Duration VRRP_TAKEOVER = Duration.ofSeconds(3);
    private static final String DATABASE = "hagate";
    private static final String PROBE_USER = "hagate";
    private static final List<String> REQUIRED_PROGRAMS = List.of(
            "/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariabackup", "/usr/bin/socat",
            "/usr/sbin/haproxy", "/usr/sbin/keepalived", "/usr/lib/galera/libgalera_smm.so", "/sbin/start-stop-daemon");

    /** A rendered file: which template, where it goes on the node, with which mode. */
    private record ConfigFile(String template, String path, String mode) {}

    private static final Map<Service, List<ConfigFile>> CONFIG = Map.of(
            Service.GALERA, List.of(
                    new ConfigFile("galera.cnf", "/etc/mysql/mariadb.conf.d/99-hagate-galera.cnf", "0644"),
                    new ConfigFile("clustercheck.sh", "/etc/hagate/clustercheck.sh", "0755")),
            Service.HAPROXY, List.of(new ConfigFile("haproxy.cfg", "/etc/haproxy/haproxy.cfg", "0644")),
            Service.KEEPALIVED, List.of(
                    new ConfigFile("keepalived.conf", "/etc/keepalived/keepalived.conf", "0644"),
                    new ConfigFile("check-haproxy.sh", "/etc/keepalived/check-haproxy.sh", "0700")));

    @Override
    public Cloud deploy(Lab lab, Consumer<String> progress) {
        Topology topology = lab.topology();
        checkPrograms(lab);
        progress.accept("rendering templates from " + topology.templates());
        Templates templates = new Templates(topology);
        Map<String, Map<String, String>> rendered = new LinkedHashMap<>();
        for (NodeSpec node : topology.nodes()) {
            for (Service service : topology.servicesOf(node)) {
                for (ConfigFile file : CONFIG.getOrDefault(service, List.of())) {
                    String content = templates.render(file.template(), node, service);
                    lab.shell(node.name()).write(file.path(), content, file.mode());
                    rendered.computeIfAbsent(node.name(), n -> new LinkedHashMap<>()).put(file.path(), content);
                }
            }
        }

        GaleraCluster galera = new GaleraCluster(lab);
        Cloud.Database database = new Cloud.Database(DATABASE, PROBE_USER, randomPassword());
        deployGalera(lab, galera, database, progress);
        startEverywhere(lab, Service.HAPROXY, progress, "haproxy", node -> {
            checked(lab.shell(node.name()), "haproxy -c -q -f /etc/haproxy/haproxy.cfg", "HAProxy rejects its configuration");
            return List.of("/usr/sbin/haproxy", "-db", "-f", "/etc/haproxy/haproxy.cfg");
        });
        startEverywhere(lab, Service.KEEPALIVED, progress, "keepalived", node -> {
            checked(lab.shell(node.name()), "keepalived -t -f /etc/keepalived/keepalived.conf", "keepalived rejects its configuration");
            return List.of("/usr/sbin/keepalived", "--dont-fork", "--log-console", "--vrrp",
                    "--use-file=/etc/keepalived/keepalived.conf");
        });
        Cloud cloud = new Cloud(lab, topology.vip(), database, galera, rendered);
        progress.accept("waiting for the database through the VIP " + topology.vip());
        awaitVip(cloud);
        new L3RouterPair(lab).deploy(templates, rendered, progress);
        return cloud;
    }

    private static void checkPrograms(Lab lab) {
        for (NodeSpec node : lab.topology().nodes()) {
            StringBuilder test = new StringBuilder("missing=''; for p in");
            REQUIRED_PROGRAMS.forEach(p -> test.append(' ').append(p));
            test.append("; do [ -e \"$p\" ] || missing=\"$missing $p\"; done; echo $missing");
            String missing = lab.shell(node.name()).run(test.toString()).trim();
            if (!missing.isEmpty()) {
                throw new dev.hagate.lab.LabException("node " + node.name() + " lacks " + missing
                        + "; install the lab's packages (`./hagate setup`)");
            }
        }
    }

    private void deployGalera(Lab lab, GaleraCluster galera, Cloud.Database database, Consumer<String> progress) {
        List<NodeSpec> nodes = galera.nodes();
        // Independent per node, so in parallel: the slowest step before the cluster forms.
        nodes.parallelStream().forEach(node -> {
            // Debian's package made a standalone datadir; a Galera member starts from an empty one.
            checked(lab.shell(node.name()), "rm -rf /var/lib/mysql && mkdir -p /var/lib/mysql /run/mysqld"
                    + " && chown mysql:mysql /var/lib/mysql /run/mysqld"
                    + " && mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db"
                    + " --auth-root-authentication-method=socket > /var/log/hagate/mariadb-install-db.log 2>&1",
                    "mariadb-install-db failed (see /var/log/hagate/mariadb-install-db.log on " + node.name() + ")");
        });
        NodeSpec first = nodes.get(0);
        progress.accept("galera: bootstrapping the cluster on " + first.name());
        galera.start(first, true);
        galera.awaitSynced(List.of(first), BOOTSTRAP_TIMEOUT);
        String accountSql = "CREATE DATABASE IF NOT EXISTS " + database.name() + ";\n"
                + "CREATE USER IF NOT EXISTS '" + database.user() + "'@'%' IDENTIFIED BY '" + database.password() + "';\n"
                + "GRANT ALL ON " + database.name() + ".* TO '" + database.user() + "'@'%';\n";
        var created = lab.shell(first.name()).exec("mariadb", accountSql, NodeShell.DEFAULT_TIMEOUT);
        if (!created.ok()) {
            throw new DeploymentException("cannot create the probes' database account on " + first.name() + ": "
                    + created.lastErrorLine());
        }
        for (int i = 1; i < nodes.size(); i++) {
            NodeSpec joiner = nodes.get(i);
            progress.accept("galera: " + joiner.name() + " joins (state transfer)");
            galera.start(joiner, false);
            galera.awaitSynced(nodes.subList(0, i + 1), JOIN_TIMEOUT);
        }
        for (NodeSpec node : nodes) {
            lab.services(node.name()).start("clustercheck", List.of("/usr/bin/socat",
                    "TCP-LISTEN:9200,bind=" + node.address() + ",fork,reuseaddr", "EXEC:/etc/hagate/clustercheck.sh"));
        }
    }

    private interface Command {
        List<String> argvFor(NodeSpec node);
    }

    private static void startEverywhere(Lab lab, Service service, Consumer<String> progress, String name, Command command) {
        List<NodeSpec> nodes = lab.topology().nodesRunning(service);
        if (nodes.isEmpty()) {
            return;
        }
        progress.accept(name + ": starting on " + String.join(", ", nodes.stream().map(NodeSpec::name).toList()));
        for (NodeSpec node : nodes) {
            lab.services(node.name()).start(name, command.argvFor(node));
        }
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        for (NodeSpec node : nodes) {
            if (!lab.services(node.name()).isRunning(name)) {
                String log = lab.shell(node.name()).exec("tail -n 3 /var/log/hagate/" + name + ".log", NodeShell.DEFAULT_TIMEOUT).stdout();
                throw new DeploymentException(name + " exited right after starting on " + node.name() + ": " + log.trim());
            }
        }
    }

    private static void checked(NodeShell shell, String command, String meaning) {
        try {
            shell.run(command);
        } catch (NodeCommandException e) {
            throw new DeploymentException(meaning + ": " + e.getMessage(), e);
        }
    }

    private static void awaitVip(Cloud cloud) {
        long deadline = System.nanoTime() + VIP_TIMEOUT.toNanos();
        // One holder must stay the only one for as long as a backup needs to declare itself master
        // (three advert intervals): a split brain shows only once every node has timed out.
        List<String> holders = List.of();
        List<String> previous = null;
        while (System.nanoTime() < deadline) {
            holders = cloud.vipHolders();
            if (holders.size() == 1 && holders.equals(previous)) {
                break;
            }
            previous = holders.size() == 1 ? holders : null;
            LockSupport.parkNanos((previous == null ? VIP_POLL : VRRP_TAKEOVER).toNanos());
        }
        if (holders.size() != 1 || !holders.equals(previous)) {
            throw new DeploymentException("keepalived: the VIP " + cloud.vip() + " should be held by exactly one node, but "
                    + (holders.isEmpty() ? "no node holds it" : "it is held by " + String.join(", ", holders)
                    + " (split brain)") + " after " + VIP_TIMEOUT.toSeconds() + " s");
        }
        String url = "jdbc:mariadb://" + cloud.vip() + ":" + Cloud.MYSQL_PORT + "/" + cloud.database().name()
                + "?connectTimeout=1000&socketTimeout=2000";
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(url, cloud.database().user(), cloud.database().password())) {
                if (c.isValid(2)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new DeploymentException("the database did not answer through the VIP " + cloud.vip() + " within "
                + VIP_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage().lines().findFirst().orElse("")));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
