package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.GaleraCluster;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Topology.NodeSpec;
import java.sql.SQLException;
import java.time.Duration;

/**
 * SIGKILLs one node's mariadbd, as a crash: by default the node HAProxy sends writes to right now (asked
 * through the VIP), which is the failure clients feel. Recovery restarts it, and it rejoins the cluster
 * (by IST when the others' gcache still holds what it missed).
 */
public final class KillGaleraNodeFault implements Fault {

    public static final String KIND = "kill-galera-node";
    /** Target meaning "the node currently taking writes through the VIP". */
    public static final String WRITER = "writer";
    private static final Duration REJOIN_TIMEOUT = Duration.ofMinutes(3);

    private final Cloud cloud;
    private final String target;
    private NodeSpec killed;

    public KillGaleraNodeFault(Cloud cloud, String target) {
        this.cloud = cloud;
        this.target = target;
    }

    @Override
    public String inject() {
        killed = resolveTarget();
        if (!cloud.lab().services(killed.name()).kill(GaleraCluster.SERVICE)) {
            throw new LabException("mariadbd was not running on " + killed.name() + " when it was to be killed");
        }
        return "SIGKILL mariadbd on " + killed.name() + (target.equals(WRITER) ? " (the node taking writes through the VIP)" : "");
    }

    private NodeSpec resolveTarget() {
        String name = target;
        if (target.equals(WRITER)) {
            try {
                name = cloud.currentDatabaseWriter();
            } catch (SQLException e) {
                throw new LabException("cannot ask the VIP " + cloud.vip() + " which node takes writes: " + e.getMessage(), e);
            }
        }
        String wanted = name;
        return cloud.galera().nodes().stream().filter(n -> n.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new LabException("no Galera node '" + wanted + "' in the lab"));
    }

    @Override
    public String recover() {
        if (killed == null) {
            throw new IllegalStateException("recover() before inject()");
        }
        cloud.galera().start(killed, false);
        cloud.galera().awaitWhole(REJOIN_TIMEOUT);
        return killed.name() + " restarted and Synced; cluster size " + cloud.galera().nodes().size();
    }
}
