package dev.hagate.deploy;

import dev.hagate.lab.HostCommand;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeCommandException;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Deploys the OpenStack control plane from Debian's packages onto any Debian 12 node it reaches over SSH
 * (namespace nodes, VMs, bare metal), as the OpenStack HA guide lays it out: MariaDB + Galera (bootstrap the
 * first node, join the others one by one by mariabackup), a clustercheck endpoint per node, RabbitMQ clustered
 * on every node, memcached on every node, Keystone on every node served by uWSGI, HAProxy in front of Galera
 * and Keystone, and keepalived holding the VIP for HAProxy. Configuration comes only from the templates of the
 * change under test; a change to an OpenStack project puts its source tree ahead of Debian's package.
 * <p>
 * Whose failure is whose: a step that runs the change's services or reads their configuration (a service
 * that does not start, a configuration a service rejects, a cluster that does not form, Keystone's own
 * commands) fails with a {@link DeploymentException}, the change's (-1). A step that does not depend on the
 * change (writing a file, making a directory, copying keys, unpacking a tree, starting a program) fails with
 * a {@link LabException}, the lab's (no vote).
 */
public final class DebianDeployer implements Deployer {

    private static final Duration BOOTSTRAP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RABBIT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration KEYSTONE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration KEYSTONE_SETUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration VIP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration VIP_POLL = Duration.ofMillis(200);
    /** Three VRRP advert intervals of one second each, as the templates set them. */
    private static final Duration VRRP_TAKEOVER = Duration.ofSeconds(3);
    private static final Duration RESET_TIMEOUT = Duration.ofMinutes(2);
    private static final String DATABASE = "hagate";
    private static final String PROBE_USER = "hagate";
    private static final Map<Service, List<String>> REQUIRED_PROGRAMS = Map.of(
            Service.GALERA, List.of("/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariabackup",
                    "/usr/bin/socat", "/usr/lib/galera/libgalera_smm.so"),
            Service.RABBITMQ, List.of("/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/sbin/rabbitmqctl", "/usr/bin/setpriv"),
            Service.MEMCACHED, List.of("/usr/bin/memcached"),
            Service.KEYSTONE, List.of("/usr/bin/keystone-manage", "/usr/bin/keystone-wsgi-public", "/usr/bin/uwsgi_python3"),
            Service.HAPROXY, List.of("/usr/sbin/haproxy"),
            Service.KEEPALIVED, List.of("/usr/sbin/keepalived"),
            Service.L3_ROUTER, List.of("/usr/sbin/keepalived", "/usr/sbin/ip"),
            Service.L3_CLIENT, List.of("/usr/sbin/ip"));

    /** A rendered file: which template, where it goes on the node, with which mode. */
    private record ConfigFile(String template, String path, String mode) {}

    private static final Map<Service, List<ConfigFile>> CONFIG = Map.of(
            Service.GALERA, List.of(
                    new ConfigFile("galera.cnf", "/etc/mysql/mariadb.conf.d/99-hagate-galera.cnf", "0644"),
                    new ConfigFile("clustercheck.sh", "/etc/hagate/clustercheck.sh", "0755")),
            Service.RABBITMQ, List.of(
                    new ConfigFile("rabbitmq-env.conf", "/etc/rabbitmq/rabbitmq-env.conf", "0644"),
                    new ConfigFile("rabbitmq.conf", "/etc/rabbitmq/rabbitmq.conf", "0644"),
                    new ConfigFile("rabbitmq-partition-heal.sh", RabbitCluster.PARTITION_HEAL_SCRIPT, "0755")),
            Service.MEMCACHED, List.of(),
            // Debian's keystone.conf is keystone's group; rewriting it in place keeps that.
            Service.KEYSTONE, List.of(
                    new ConfigFile("keystone.conf", "/etc/keystone/keystone.conf", "0640"),
                    new ConfigFile("keystone-uwsgi.ini", "/etc/keystone/hagate-uwsgi.ini", "0644")),
            Service.HAPROXY, List.of(new ConfigFile("haproxy.cfg", "/etc/haproxy/haproxy.cfg", "0644")),
            Service.KEEPALIVED, List.of(
                    new ConfigFile("keepalived.conf", "/etc/keepalived/keepalived.conf", "0644"),
                    new ConfigFile("check-haproxy.sh", "/etc/keepalived/check-haproxy.sh", "0700")));

    private final Optional<Path> keystoneSource;
    /**
     * One set for every deployment of this deployer: a deployment again (or on a fresh lab) keeps the accounts
     * a lab's snapshot of the first one holds, so reverting to that snapshot stays consistent with the cloud.
     */
    private final Secrets secrets = Secrets.generate();
    /** What runs where, for resets and reboots: node, then service, then its program. */
    private final Map<String, Map<String, List<String>>> started = new ConcurrentHashMap<>();

    /** Deploys Debian's packages as they are. */
    public DebianDeployer() {
        this(Optional.empty());
    }

    /** @param keystoneSource the change's Keystone tree (holding {@code keystone/}), put ahead of Debian's */
    public DebianDeployer(Optional<Path> keystoneSource) {
        this.keystoneSource = keystoneSource;
    }

    @Override
    public Cloud deploy(Lab lab, Consumer<String> progress) {
        try {
            return deployServices(lab, progress);
        } catch (NodeCommandException e) {
            // Every step whose failure is the change's says so with a DeploymentException; any other command
            // that failed on a node that answered was one of the deployer's own (a file, a directory, a start).
            throw new LabException("a deployment step that does not depend on the change failed " + e.getMessage(), e);
        }
    }

    @Override
    public String reset(Cloud cloud) {
        List<String> restarted = cloud.restartStopped();
        L3RouterPair router = new L3RouterPair(cloud.lab());
        return (restarted.isEmpty() ? "" : "restarted " + restarted + "; ") + "whole: "
                + cloud.awaitWhole(RESET_TIMEOUT, Duration.ZERO)
                + (router.present() ? "; router master " + router.awaitSingleMaster(RESET_TIMEOUT) : "");
    }

    @Override
    public Cloud redeploy(Lab lab, Consumer<String> progress) {
        progress.accept("stopping every service the last deployment started, wiping what a deployment must find empty");
        try {
            undeploy(lab);
        } catch (NodeCommandException e) {
            throw new LabException("cannot remove the last deployment " + e.getMessage(), e);
        }
        return deploy(lab, progress);
    }

    /**
     * Stops what the last deployment started, every node at once, and wipes what the next one must find empty:
     * RabbitMQ's database (its cluster, users and queues), the router's networks, and the VIP wherever a killed
     * keepalived left it. Galera's datadir and the change's tree the deployment itself replaces.
     */
    private void undeploy(Lab lab) {
        Topology topology = lab.topology();
        new L3RouterPair(lab).remove();
        topology.nodes().parallelStream().forEach(node -> {
            started.getOrDefault(node.name(), Map.of()).keySet().forEach(name -> lab.services(node.name()).stop(name));
            labStep(lab.shell(node.name()), "rm -rf /var/lib/rabbitmq/mnesia && ip -o -4 addr show to " + topology.vip()
                    + "/32 | while read -r _ dev _ address _; do ip addr del \"$address\" dev \"$dev\" || true; done",
                    null, "cannot wipe the last deployment");
        });
        started.clear();
    }

    private Cloud deployServices(Lab lab, Consumer<String> progress) {
        Topology topology = lab.topology();
        checkPrograms(lab);
        progress.accept("rendering templates from " + topology.templates());
        Templates templates = new Templates(topology, secrets);
        Map<String, Map<String, String>> rendered = new LinkedHashMap<>();
        for (NodeSpec node : topology.nodes()) {
            for (Service service : topology.servicesOf(node)) {
                for (ConfigFile file : CONFIG.getOrDefault(service, List.of())) {
                    lab.shell(node.name()).write(file.path(), templates.render(file.template(), node, service), file.mode());
                    rendered.computeIfAbsent(node.name(), n -> new LinkedHashMap<>())
                            .put(file.path(), templates.renderMasked(file.template(), node, service));
                }
            }
        }

        // RabbitMQ forms its cluster by itself while Galera's state transfers run.
        RabbitCluster rabbit = new RabbitCluster(lab);
        startRabbit(lab, rabbit, secrets, progress);
        GaleraCluster galera = new GaleraCluster(lab);
        Cloud.Database database = new Cloud.Database(DATABASE, PROBE_USER, secrets.probeDatabase());
        deployGalera(lab, galera, database, progress);
        startEverywhere(lab, Service.MEMCACHED, progress, "memcached", node -> List.of("/usr/bin/memcached", "-u", "memcache",
                "-l", node.address(), "-p", String.valueOf(Cloud.MEMCACHED_PORT), "-m", "64", "-c", "1024"));
        startEverywhere(lab, Service.HAPROXY, progress, "haproxy", node -> {
            checked(lab.shell(node.name()), "haproxy -c -q -f /etc/haproxy/haproxy.cfg", "HAProxy rejects its configuration");
            return List.of("/usr/sbin/haproxy", "-db", "-f", "/etc/haproxy/haproxy.cfg");
        });
        startEverywhere(lab, Service.KEEPALIVED, progress, "keepalived", node -> {
            checked(lab.shell(node.name()), "keepalived -t -f /etc/keepalived/keepalived.conf", "keepalived rejects its configuration");
            return List.of("/usr/sbin/keepalived", "--dont-fork", "--log-console", "--vrrp",
                    "--use-file=/etc/keepalived/keepalived.conf");
        });
        Keystone keystone = new Keystone(lab, secrets.admin());
        Cloud cloud = new Cloud(lab, topology.vip(), database, new Cloud.Messaging(PROBE_USER, secrets.messaging()), galera,
                rabbit, keystone, rendered, started);
        progress.accept("waiting for the database through the VIP " + topology.vip());
        awaitVip(cloud);
        if (!rabbit.nodes().isEmpty()) {
            progress.accept("rabbitmq: waiting for one cluster of " + rabbit.nodes().size());
            rabbit.awaitWhole(RABBIT_TIMEOUT);
            addMessagingUsers(lab, rabbit, secrets);
        }
        if (!keystone.nodes().isEmpty()) {
            deployKeystone(lab, keystone, secrets, progress);
        }
        new L3RouterPair(lab).deploy(templates, rendered, progress);
        return cloud;
    }

    private static void checkPrograms(Lab lab) {
        for (NodeSpec node : lab.topology().nodes()) {
            StringBuilder test = new StringBuilder("missing=''; for p in /sbin/start-stop-daemon");
            lab.topology().servicesOf(node).forEach(s -> REQUIRED_PROGRAMS.getOrDefault(s, List.of()).forEach(p -> test.append(' ').append(p)));
            test.append("; do [ -e \"$p\" ] || missing=\"$missing $p\"; done; echo $missing");
            String missing = lab.shell(node.name()).run(test.toString()).trim();
            if (!missing.isEmpty()) {
                throw new LabException("node " + node.name() + " lacks " + missing
                        + "; install the lab's packages (`./hagate setup`)");
            }
        }
    }

    private void startRabbit(Lab lab, RabbitCluster rabbit, Secrets secrets, Consumer<String> progress) {
        if (rabbit.nodes().isEmpty()) {
            return;
        }
        progress.accept("rabbitmq: starting on " + names(rabbit.nodes()));
        for (NodeSpec node : rabbit.nodes()) {
            // One cookie for all: Erlang nodes with different cookies refuse each other.
            labStep(lab.shell(node.name()), "read -r cookie && mkdir -p /var/lib/rabbitmq /var/log/rabbitmq"
                    + " && printf %s \"$cookie\" > /var/lib/rabbitmq/.erlang.cookie && chmod 400 /var/lib/rabbitmq/.erlang.cookie"
                    + " && chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq",
                    secrets.erlangCookie() + "\n", "cannot give RabbitMQ its cookie");
            start(lab, node, RabbitCluster.SERVICE, RabbitCluster.command());
            start(lab, node, RabbitCluster.PARTITION_HEAL, List.of("/bin/sh", RabbitCluster.PARTITION_HEAL_SCRIPT));
        }
    }

    /** Keystone's notifications account and the probes' own, made once: users are cluster-wide. */
    private static void addMessagingUsers(Lab lab, RabbitCluster rabbit, Secrets secrets) {
        NodeShell first = lab.shell(rabbit.nodes().get(0).name());
        for (String user : List.of("keystone", PROBE_USER)) {
            // The password is read from standard input, never put on a command line (RabbitMQ 4.0's add_user
            // waits forever for it with -q).
            checked(first, "rabbitmqctl add_user " + user + " > /dev/null" + " && rabbitmqctl -q set_permissions " + user + " '.*' '.*' '.*'",
                    secrets.messaging() + "\n", "cannot create RabbitMQ user " + user);
        }
    }

    private void deployKeystone(Lab lab, Keystone keystone, Secrets secrets, Consumer<String> progress) {
        boolean fromChange = keystoneSource.isPresent();
        List<NodeSpec> nodes = keystone.nodes();
        if (fromChange) {
            progress.accept("keystone: putting the change's tree on " + names(nodes));
            String tree = HostCommand.run("sh", "-c", "tar -C \"$1\" -cz . | base64 -w0", "pack", keystoneSource.get().toString());
            nodes.parallelStream().forEach(node -> labStep(lab.shell(node.name()), "rm -rf " + Keystone.SOURCE_DIR
                    + " && mkdir -p " + Keystone.SOURCE_DIR + " && base64 -d | tar -xz -C " + Keystone.SOURCE_DIR,
                    tree, "cannot unpack the change's Keystone tree"));
        }
        NodeShell first = lab.shell(nodes.get(0).name());
        String imported = Keystone.importedFrom(first, fromChange);
        if (fromChange && !imported.startsWith(Keystone.SOURCE_DIR)) {
            throw new DeploymentException("the change's Keystone is on " + first.node() + " but Python imports " + imported);
        }
        progress.accept("keystone: database, fernet keys and the admin account (Keystone from " + imported + ")");
        NodeShell galeraFirst = lab.shell(lab.topology().nodesRunning(Service.GALERA).get(0).name());
        var created = galeraFirst.exec("mariadb", "CREATE DATABASE IF NOT EXISTS keystone;\n"
                + "CREATE USER IF NOT EXISTS 'keystone'@'%' IDENTIFIED BY '" + secrets.keystoneDatabase() + "';\n"
                + "GRANT ALL ON keystone.* TO 'keystone'@'%';\n", NodeShell.DEFAULT_TIMEOUT);
        if (!created.ok()) {
            throw new DeploymentException("cannot create Keystone's database on " + galeraFirst.node() + ": " + created.lastErrorLine());
        }
        String manage = Keystone.environment(fromChange) + "keystone-manage";
        String endpoint = keystone.endpoint();
        var setup = first.exec("exec >> /var/log/hagate/keystone-manage.log 2>&1; set -e; read -r OS_BOOTSTRAP_PASSWORD;"
                + " export OS_BOOTSTRAP_PASSWORD; " + manage + " db_sync; "
                + manage + " fernet_setup --keystone-user keystone --keystone-group keystone; "
                + manage + " credential_setup --keystone-user keystone --keystone-group keystone; "
                + manage + " bootstrap --bootstrap-admin-url " + endpoint + " --bootstrap-public-url " + endpoint
                + " --bootstrap-internal-url " + endpoint + " --bootstrap-region-id RegionOne",
                secrets.admin() + "\n", KEYSTONE_SETUP_TIMEOUT);
        if (!setup.ok()) {
            String log = first.exec("tail -n 5 /var/log/hagate/keystone-manage.log", NodeShell.DEFAULT_TIMEOUT).stdout();
            throw new DeploymentException("keystone-manage failed on " + first.node() + ": " + log.trim());
        }
        // Every node must decrypt every other node's tokens: one set of keys for all.
        String keys = first.run("tar -C /etc/keystone -cz fernet-keys credential-keys | base64 -w0");
        for (NodeSpec node : nodes.subList(1, nodes.size())) {
            labStep(lab.shell(node.name()), "base64 -d | tar -xz -C /etc/keystone", keys, "cannot copy the fernet keys");
        }
        startEverywhere(lab, Service.KEYSTONE, progress, Keystone.SERVICE, node -> {
            labStep(lab.shell(node.name()), "mkdir -p /var/log/keystone && chown -R keystone:keystone /var/log/keystone",
                    null, "cannot prepare Keystone's log directory");
            return Keystone.command(fromChange);
        });
        progress.accept("keystone: waiting for tokens from every node and through the VIP");
        keystone.awaitServing(KEYSTONE_TIMEOUT);
    }

    private void deployGalera(Lab lab, GaleraCluster galera, Cloud.Database database, Consumer<String> progress) {
        List<NodeSpec> nodes = galera.nodes();
        // Independent per node, so in parallel: the slowest step before the cluster forms.
        nodes.parallelStream().forEach(node -> {
            // Debian's package made a standalone datadir; a Galera member starts from an empty one.
            labStep(lab.shell(node.name()), "rm -rf /var/lib/mysql && mkdir -p /var/lib/mysql /run/mysqld"
                    + " && chown mysql:mysql /var/lib/mysql /run/mysqld", null, "cannot empty MariaDB's datadir");
            // mariadb-install-db reads the change's configuration (galera.cnf): its failure is the change's.
            checked(lab.shell(node.name()), "mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db"
                    + " --auth-root-authentication-method=socket > /var/log/hagate/mariadb-install-db.log 2>&1",
                    "mariadb-install-db failed (see /var/log/hagate/mariadb-install-db.log on " + node.name() + ")");
        });
        NodeSpec first = nodes.get(0);
        progress.accept("galera: bootstrapping the cluster on " + first.name());
        galera.start(first, true);
        remember(first, GaleraCluster.SERVICE, List.of(GaleraCluster.MARIADBD));
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
            remember(joiner, GaleraCluster.SERVICE, List.of(GaleraCluster.MARIADBD));
            galera.awaitSynced(nodes.subList(0, i + 1), JOIN_TIMEOUT);
        }
        for (NodeSpec node : nodes) {
            galera.enableAtBoot(node);
            start(lab, node, "clustercheck", List.of("/usr/bin/socat",
                    "TCP-LISTEN:9200,bind=" + node.address() + ",fork,reuseaddr", "EXEC:/etc/hagate/clustercheck.sh"));
        }
    }

    private interface Command {
        List<String> argvFor(NodeSpec node);
    }

    /** Starts {@code name} on {@code node} and remembers it, so a reset or a reboot can start it again. */
    private void start(Lab lab, NodeSpec node, String name, List<String> argv) {
        lab.services(node.name()).start(name, argv);
        // A node booted again (after a power loss) starts its services as a real one would.
        lab.services(node.name()).enableAtBoot(name, argv);
        remember(node, name, argv);
    }

    private void remember(NodeSpec node, String name, List<String> argv) {
        started.computeIfAbsent(node.name(), n -> new ConcurrentHashMap<>()).put(name, List.copyOf(argv));
    }

    private static String names(List<NodeSpec> nodes) {
        return String.join(", ", nodes.stream().map(NodeSpec::name).toList());
    }

    private void startEverywhere(Lab lab, Service service, Consumer<String> progress, String name, Command command) {
        List<NodeSpec> nodes = lab.topology().nodesRunning(service);
        if (nodes.isEmpty()) {
            return;
        }
        progress.accept(name + ": starting on " + names(nodes));
        for (NodeSpec node : nodes) {
            start(lab, node, name, command.argvFor(node));
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
        checked(shell, command, null, meaning);
    }

    /**
     * Runs {@code command} with {@code input} (secrets go this way), a step of the change's services (it runs
     * them or reads their configuration): its failure is the change's.
     */
    private static void checked(NodeShell shell, String command, String input, String meaning) {
        var result = shell.exec(command, input, NodeShell.DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new DeploymentException(meaning + ": " + new NodeCommandException(shell.node(), command, result).getMessage());
        }
    }

    /**
     * Runs {@code command} with {@code input}, a step that does not depend on the change (making directories,
     * copying keys, unpacking a tree): its failure is the lab's.
     */
    private static void labStep(NodeShell shell, String command, String input, String meaning) {
        var result = shell.exec(command, input, NodeShell.DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new LabException(meaning + ": " + new NodeCommandException(shell.node(), command, result).getMessage());
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
}
