package dev.hagate.deploy.component;

import dev.hagate.deploy.Change;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.Keystone;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keystone on every node running {@code keystone}, served by uWSGI behind HAProxy on the VIP: its database,
 * fernet and credential keys made on the first node and copied to the others, the admin account made by
 * {@code keystone-manage bootstrap}. A change of Keystone puts its source tree ahead of Debian's package.
 */
public final class KeystoneComponent implements Component {

    static final String DATABASE_SECRET = "keystone_database";
    static final String ADMIN_SECRET = "admin";
    private static final DatabaseAccount DATABASE = new DatabaseAccount("keystone", "keystone", DATABASE_SECRET);
    /** Its notifications account. */
    private static final MessagingAccount MESSAGING = new MessagingAccount("keystone", RabbitMqComponent.PROBE_ACCOUNT.secret());
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SERVING_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration MEMCACHED_TIMEOUT = Duration.ofSeconds(2);
    /**
     * db_sync, the keys and the admin account, on the first node, all output in one log; the admin password
     * arrives on standard input, the endpoint as {@code $1}, the change's tree (or nothing) as {@code $2}.
     */
    private static final String SETUP = "exec >> /var/log/hagate/keystone-manage.log 2>&1; set -e;"
            + " [ -z \"$2\" ] || export PYTHONPATH=\"$2\"; read -r OS_BOOTSTRAP_PASSWORD; export OS_BOOTSTRAP_PASSWORD;"
            + " keystone-manage db_sync;"
            + " keystone-manage fernet_setup --keystone-user keystone --keystone-group keystone;"
            + " keystone-manage credential_setup --keystone-user keystone --keystone-group keystone;"
            + " keystone-manage bootstrap --bootstrap-admin-url \"$1\" --bootstrap-public-url \"$1\""
            + " --bootstrap-internal-url \"$1\" --bootstrap-region-id RegionOne";

    @Override
    public Service service() {
        return Service.KEYSTONE;
    }

    /** Its database, notifications, cache, and the VIP it is served on. */
    @Override
    public Set<Service> dependsOn() {
        return Set.of(Service.GALERA, Service.RABBITMQ, Service.MEMCACHED, Service.HAPROXY, Service.KEEPALIVED);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/bin/keystone-manage", "/usr/bin/keystone-wsgi-public", "/usr/bin/uwsgi_python3");
    }

    @Override
    public List<String> packages() {
        return List.of("keystone", "uwsgi-core", "uwsgi-plugin-python3", "python3-pymysql", "python3-memcache");
    }

    @Override
    public List<ConfigFile> configFiles() {
        // Debian's keystone.conf is keystone's group; rewriting it in place keeps that.
        return List.of(new ConfigFile("keystone.conf", "/etc/keystone/keystone.conf", "0640"),
                new ConfigFile("keystone-uwsgi.ini", "/etc/keystone/hagate-uwsgi.ini", "0644"));
    }

    @Override
    public List<String> secrets() {
        return List.of(DATABASE_SECRET, MESSAGING.secret(), ADMIN_SECRET);
    }

    @Override
    public List<DatabaseAccount> databaseAccounts() {
        return List.of(DATABASE);
    }

    @Override
    public List<MessagingAccount> messagingAccounts() {
        return List.of(MESSAGING);
    }

    @Override
    public List<HttpFrontend> frontends() {
        return List.of(new HttpFrontend("keystone", Keystone.PORT, "/v3"));
    }

    @Override
    public Optional<Change.Project> changeProject() {
        return Optional.of(new Change.Project("keystone", "keystone", "keystone/__init__.py"));
    }

    /** The admin password of a deployment's Keystone. */
    public static String adminPassword(dev.hagate.deploy.Secrets secrets) {
        return secrets.get(ADMIN_SECRET);
    }

    @Override
    public void deploy(Deployment deployment) {
        Lab lab = deployment.lab();
        Keystone keystone = new Keystone(lab, adminPassword(deployment.secrets()));
        List<NodeSpec> nodes = keystone.nodes();
        boolean fromChange = deployment.putChangeTree(this, nodes, Keystone.SOURCE_DIR);
        NodeSpec first = nodes.get(0);
        NodeShell firstShell = lab.shell(first.name());
        String imported = Keystone.importedFrom(firstShell, fromChange);
        if (fromChange && !imported.startsWith(Keystone.SOURCE_DIR)) {
            throw new DeploymentException("the change's Keystone is on " + first.name() + " but Python imports " + imported);
        }
        deployment.progress("keystone: database, fernet keys and the admin account (Keystone from " + imported + ")");
        ExecResult setup = firstShell.exec(ShellWords.script(SETUP, keystone.endpoint(), fromChange ? Keystone.SOURCE_DIR : ""),
                adminPassword(deployment.secrets()) + "\n", SETUP_TIMEOUT);
        if (!setup.ok()) {
            String log = firstShell.exec("tail -n 5 /var/log/hagate/keystone-manage.log", NodeShell.DEFAULT_TIMEOUT).stdout();
            throw new DeploymentException("keystone-manage failed on " + first.name() + ": " + log.trim());
        }
        // Every node must decrypt every other node's tokens: one set of keys for all.
        String keys = firstShell.run("tar -C /etc/keystone -cz fernet-keys credential-keys | base64 -w0");
        for (NodeSpec node : nodes.subList(1, nodes.size())) {
            deployment.labStep(node, "base64 -d | tar -xz -C /etc/keystone", keys, "cannot copy the fernet keys");
        }
        deployment.startEverywhere(service(), Keystone.SERVICE, node -> {
            deployment.labStep(node, "mkdir -p /var/log/keystone && chown -R keystone:keystone /var/log/keystone",
                    null, "cannot prepare Keystone's log directory");
            return Keystone.command(fromChange);
        });
        deployment.progress("keystone: waiting for tokens from every node and through the VIP");
        keystone.awaitServing(SERVING_TIMEOUT);
    }

    @Override
    public Optional<String> awaitWhole(Cloud cloud, Duration timeout, Duration steadyFor) {
        cloud.keystone().awaitAnswering(timeout);
        return Optional.of("keystone on every node");
    }

    @Override
    public List<Examination> examinations(Cloud cloud) {
        return List.of(new Examination("keystone on every node", () -> tokenFromEveryNode(cloud.keystone())),
                new Examination("memcached", () -> cacheOnEveryServer(cloud)));
    }

    private static String tokenFromEveryNode(Keystone keystone) {
        List<String> failing = new ArrayList<>();
        for (NodeSpec node : keystone.nodes()) {
            Keystone.TokenAttempt attempt = keystone.issueAndValidate(Keystone.endpoint(node.address()));
            if (!attempt.ok()) {
                failing.add(node.name() + ": " + attempt.detail());
            }
        }
        if (!failing.isEmpty()) {
            throw new DeploymentException("no token from " + String.join("; ", failing));
        }
        return "a token issued and validated by each of " + keystone.nodes().size() + " nodes";
    }

    /**
     * Every memcached server answers and holds some of Keystone's cache entries: Keystone spreads its cache
     * over all of them, so losing one loses only its share. A server that holds nothing is one Keystone
     * does not use (or cannot reach).
     */
    private static String cacheOnEveryServer(Cloud cloud) {
        List<String> empty = new ArrayList<>();
        long total = 0;
        for (NodeSpec node : cloud.lab().topology().nodesRunning(Service.MEMCACHED)) {
            long items = memcachedItems(node);
            total += items;
            if (items == 0) {
                empty.add(node.name());
            }
        }
        if (!empty.isEmpty()) {
            throw new DeploymentException("Keystone caches nothing in the memcached of " + String.join(", ", empty));
        }
        return total + " cache entries, spread over every server";
    }

    private static long memcachedItems(NodeSpec node) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(node.address(), Cloud.MEMCACHED_PORT), (int) MEMCACHED_TIMEOUT.toMillis());
            socket.setSoTimeout((int) MEMCACHED_TIMEOUT.toMillis());
            socket.getOutputStream().write("stats\r\nquit\r\n".getBytes(StandardCharsets.US_ASCII));
            String stats = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return stats.lines().filter(l -> l.startsWith("STAT curr_items ")).mapToLong(l -> Long.parseLong(l.substring(16).trim()))
                    .findFirst().orElseThrow(() -> new DeploymentException("memcached on " + node.name() + " gave no curr_items"));
        } catch (IOException e) {
            throw new DeploymentException("memcached on " + node.name() + " (" + node.address() + ":" + Cloud.MEMCACHED_PORT
                    + ") does not answer: " + e.getMessage());
        }
    }
}
