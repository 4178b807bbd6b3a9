package dev.hagate.deploy.component;

import dev.hagate.deploy.Change;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.Neutron;
import dev.hagate.deploy.NeutronNode;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Neutron's servers on every node running {@code neutron-server}: the API under uWSGI behind HAProxy on the
 * VIP, and the RPC server the agents talk to over RabbitMQ. Its database is made by {@code neutron-db-manage}
 * on the first node, its account and endpoints in Keystone through the API.
 */
public final class NeutronServerComponent implements Component {

    static final String DATABASE_SECRET = "neutron_database";
    static final String MESSAGING_SECRET = "neutron_messaging";
    static final String SERVICE_SECRET = "neutron_service";
    static final String API = "neutron-api";
    static final String RPC = "neutron-rpc-server";
    static final List<String> CONFIG = List.of("--config-file", "/etc/neutron/neutron.conf",
            "--config-file", "/etc/neutron/plugins/ml2/ml2_conf.ini");
    /** Neutron's migrations are some hundred schema changes, each replicated by Galera. */
    private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SERVING_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public Service service() {
        return Service.NEUTRON_SERVER;
    }

    /** Its database, RPC, token cache, Keystone, and the VIP it is served on. */
    @Override
    public Set<Service> dependsOn() {
        return Set.of(Service.GALERA, Service.RABBITMQ, Service.MEMCACHED, Service.HAPROXY, Service.KEEPALIVED, Service.KEYSTONE);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/bin/neutron-db-manage", "/usr/bin/neutron-rpc-server", "/usr/bin/neutron-api", "/usr/bin/uwsgi_python3");
    }

    @Override
    public List<String> packages() {
        return List.of("neutron-api", "neutron-rpc-server", "python3-pymysql", "uwsgi-core", "uwsgi-plugin-python3");
    }

    @Override
    public List<ConfigFile> configFiles() {
        return List.of(new ConfigFile("neutron.conf", "/etc/neutron/neutron.conf", "0640"),
                new ConfigFile("neutron-ml2.ini", "/etc/neutron/plugins/ml2/ml2_conf.ini", "0640"),
                new ConfigFile("neutron-api-uwsgi.ini", "/etc/neutron/hagate-api-uwsgi.ini", "0644"));
    }

    @Override
    public List<String> secrets() {
        return List.of(DATABASE_SECRET, MESSAGING_SECRET, SERVICE_SECRET);
    }

    @Override
    public List<DatabaseAccount> databaseAccounts() {
        return List.of(new DatabaseAccount("neutron", "neutron", DATABASE_SECRET));
    }

    @Override
    public List<MessagingAccount> messagingAccounts() {
        return List.of(new MessagingAccount("neutron", MESSAGING_SECRET));
    }

    @Override
    public List<HttpFrontend> frontends() {
        return List.of(new HttpFrontend("neutron", Neutron.PORT, "/"));
    }

    /** The project of a change whose tree the Neutron services run: {@code neutron/} of its repository. */
    static final Change.Project PROJECT = new Change.Project("neutron", "neutron", "neutron/__init__.py");

    @Override
    public Optional<Change.Project> changeProject() {
        return Optional.of(PROJECT);
    }

    /**
     * Makes {@code component}'s nodes run the change's Neutron when the change is of Neutron, Debian's otherwise,
     * and checks that Python imports the one meant: every Neutron service does this first.
     */
    static void chooseNeutron(Deployment deployment, Component component) {
        List<NodeSpec> nodes = deployment.nodesRunning(component.service());
        boolean fromChange = deployment.putChangeTree(component, nodes, NeutronNode.CHANGE_DIR);
        NeutronNode neutronNode = new NeutronNode(deployment.lab());
        for (NodeSpec node : nodes) {
            String imported = neutronNode.useNeutron(node, fromChange);
            if (fromChange && !imported.startsWith(NeutronNode.CHANGE_DIR)) {
                throw new DeploymentException("the change's Neutron is on " + node.name() + " but Python imports " + imported);
            }
        }
    }

    @Override
    public void deploy(Deployment deployment) {
        chooseNeutron(deployment, this);
        List<NodeSpec> nodes = deployment.nodesRunning(service());
        NodeSpec first = nodes.get(0);
        deployment.progress("neutron-server: database migrations on " + first.name());
        NodeShell shell = deployment.lab().shell(first.name());
        ExecResult migrated = shell.exec("mkdir -p /var/log/hagate && neutron-db-manage " + String.join(" ", CONFIG)
                + " upgrade heads >> /var/log/hagate/neutron-db-manage.log 2>&1", MIGRATION_TIMEOUT);
        if (!migrated.ok()) {
            String log = shell.exec("tail -n 5 /var/log/hagate/neutron-db-manage.log", NodeShell.DEFAULT_TIMEOUT).stdout();
            throw new DeploymentException("neutron-db-manage failed on " + first.name() + ": " + log.trim());
        }
        Neutron neutron = new Neutron(deployment.lab(), keystone(deployment));
        deployment.progress("neutron-server: Neutron's account and endpoints in Keystone");
        neutron.register(deployment.secrets().get(SERVICE_SECRET));
        deployment.startEverywhere(service(), RPC, node -> command("/usr/bin/neutron-rpc-server"));
        deployment.startEverywhere(service(), API,
                node -> List.of("/usr/bin/uwsgi_python3", "--ini", "/etc/neutron/hagate-api-uwsgi.ini"));
        deployment.progress("neutron-server: waiting for the API on every node and through the VIP");
        neutron.awaitServing(SERVING_TIMEOUT);
    }

    static dev.hagate.deploy.Keystone keystone(Deployment deployment) {
        return new dev.hagate.deploy.Keystone(deployment.lab(), KeystoneComponent.adminPassword(deployment.secrets()));
    }

    /** A Neutron program with the server's configuration files. */
    static List<String> command(String program) {
        List<String> argv = new java.util.ArrayList<>(List.of(program));
        argv.addAll(CONFIG);
        return argv;
    }

    @Override
    public Optional<String> awaitWhole(Cloud cloud, Duration timeout, Duration steadyFor) {
        new Neutron(cloud.lab(), cloud.keystone()).awaitServing(timeout);
        return Optional.of("neutron API on every node");
    }
}
