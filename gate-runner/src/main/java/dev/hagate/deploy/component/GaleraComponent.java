package dev.hagate.deploy.component;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.GaleraCluster;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * MariaDB + Galera on every node running {@code galera}: the first node bootstraps the cluster, the others
 * join one by one by mariabackup, each with a clustercheck endpoint (socat on port 9200) for HAProxy. It makes
 * every database account the deployed components need once the first node is Synced.
 */
public final class GaleraComponent implements Component {

    /** The probes' own database and account, through the VIP. */
    public static final DatabaseAccount PROBE_ACCOUNT = new DatabaseAccount("hagate", "hagate", "probe_database");
    static final String CLUSTERCHECK = "clustercheck";
    private static final Duration BOOTSTRAP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);
    /** Database and user names go into SQL text; they are the components' constants, and must stay plain names. */
    private static final String PLAIN_NAME = "[a-z_][a-z0-9_]*";

    @Override
    public Service service() {
        return Service.GALERA;
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariabackup", "/usr/bin/socat",
                "/usr/lib/galera/libgalera_smm.so");
    }

    @Override
    public List<String> packages() {
        return List.of("mariadb-server", "mariadb-client", "mariadb-backup", "galera-4", "socat");
    }

    @Override
    public List<ConfigFile> configFiles() {
        return List.of(new ConfigFile("galera.cnf", "/etc/mysql/mariadb.conf.d/99-hagate-galera.cnf", "0644"),
                new ConfigFile("clustercheck.sh", "/etc/hagate/clustercheck.sh", "0755"));
    }

    @Override
    public List<String> secrets() {
        return List.of(PROBE_ACCOUNT.secret());
    }

    @Override
    public List<DatabaseAccount> databaseAccounts() {
        return List.of(PROBE_ACCOUNT);
    }

    @Override
    public void deploy(Deployment deployment) {
        GaleraCluster galera = new GaleraCluster(deployment.lab());
        List<NodeSpec> nodes = galera.nodes();
        // Independent per node, so in parallel: the slowest step before the cluster forms.
        nodes.parallelStream().forEach(node -> {
            // Debian's package made a standalone datadir; a Galera member starts from an empty one.
            deployment.labStep(node, "rm -rf /var/lib/mysql && mkdir -p /var/lib/mysql /run/mysqld"
                    + " && chown mysql:mysql /var/lib/mysql /run/mysqld", null, "cannot empty MariaDB's datadir");
            // mariadb-install-db reads the change's configuration (galera.cnf): its failure is the change's.
            deployment.changeStep(node, "mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db"
                    + " --auth-root-authentication-method=socket > /var/log/hagate/mariadb-install-db.log 2>&1", null,
                    "mariadb-install-db failed (see /var/log/hagate/mariadb-install-db.log on " + node.name() + ")");
        });
        NodeSpec first = nodes.get(0);
        deployment.progress("galera: bootstrapping the cluster on " + first.name());
        galera.start(first, true);
        deployment.remember(service(), first, GaleraCluster.SERVICE, List.of(GaleraCluster.MARIADBD));
        galera.awaitSynced(List.of(first), BOOTSTRAP_TIMEOUT);
        for (DatabaseAccount account : deployment.databaseAccounts()) {
            ExecResult created = deployment.lab().shell(first.name()).exec(List.of("mariadb"),
                    accountSql(account, deployment.secrets().get(account.secret())), NodeShell.DEFAULT_TIMEOUT);
            if (!created.ok()) {
                throw new DeploymentException("cannot create the database account " + account.user() + " on " + first.name()
                        + ": " + created.lastErrorLine());
            }
        }
        for (int i = 1; i < nodes.size(); i++) {
            NodeSpec joiner = nodes.get(i);
            deployment.progress("galera: " + joiner.name() + " joins (state transfer)");
            galera.start(joiner, false);
            deployment.remember(service(), joiner, GaleraCluster.SERVICE, List.of(GaleraCluster.MARIADBD));
            galera.awaitSynced(nodes.subList(0, i + 1), JOIN_TIMEOUT);
        }
        for (NodeSpec node : nodes) {
            galera.enableAtBoot(node);
            deployment.start(service(), node, CLUSTERCHECK, List.of("/usr/bin/socat",
                    "TCP-LISTEN:9200,bind=" + node.address() + ",fork,reuseaddr", "EXEC:/etc/hagate/clustercheck.sh"));
        }
    }

    /**
     * The SQL that makes {@code account}'s database and user. The password is given as the hash the server
     * stores (mysql_native_password's), so the password itself is in no SQL text the server logs or shows.
     */
    static String accountSql(DatabaseAccount account, String password) {
        if (!account.database().matches(PLAIN_NAME) || !account.user().matches(PLAIN_NAME)) {
            throw new IllegalArgumentException("a database account must have plain names: " + account);
        }
        return "CREATE DATABASE IF NOT EXISTS " + account.database() + ";\n"
                + "CREATE USER IF NOT EXISTS '" + account.user() + "'@'%' IDENTIFIED BY PASSWORD '" + nativePasswordHash(password) + "';\n"
                + "GRANT ALL ON " + account.database() + ".* TO '" + account.user() + "'@'%';\n";
    }

    /** What MariaDB's {@code PASSWORD()} gives for mysql_native_password: '*' and SHA1(SHA1(password)) in hex. */
    static String nativePasswordHash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().formatHex(sha1.digest(once)).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    @Override
    public void restart(Lab lab, NodeSpec node, String name, List<String> argv) {
        if (name.equals(GaleraCluster.SERVICE)) {
            // A member rejoins from the position it recovers, never bootstrapping a cluster of its own.
            new GaleraCluster(lab).start(node, false);
        } else {
            Component.super.restart(lab, node, name, argv);
        }
    }

    @Override
    public Optional<String> awaitWhole(Cloud cloud, Duration timeout, Duration steadyFor) {
        return Optional.of("galera " + cloud.galera().awaitWhole(timeout));
    }

    @Override
    public List<Examination> examinations(Cloud cloud) {
        return List.of(new Examination("galera", () -> {
            List<GaleraCluster.NodeStatus> status = cloud.galera().status();
            int size = cloud.galera().nodes().size();
            if (!status.stream().allMatch(s -> s.synced(size))) {
                throw new DeploymentException("not every node Synced in a cluster of " + size + ": " + status);
            }
            return "every node Synced, cluster size " + size;
        }));
    }
}
