package dev.hagate.deploy;

import dev.hagate.lab.Lab;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a deployment gives the probes and faults: the lab, the VIP and the credentials of the probes'
 * database account, and the Galera cluster; and, for the reports, the configuration files it rendered
 * ({@code configs}: node, then path on the node, then content).
 */
public record Cloud(Lab lab, String vip, Database database, GaleraCluster galera, Map<String, Map<String, String>> configs) {

    /** The account and database the probes use through the VIP. The password is never printed. */
    public record Database(String name, String user, String password) {
        @Override
        public String toString() {
            return "Database[name=" + name + ", user=" + user + "]";
        }
    }

    public static final int MYSQL_PORT = 3306;

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
