package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.GaleraCluster;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;

/**
 * SIGKILLs one node's mariadbd, as a crash: by default the node HAProxy sends writes to right now (asked
 * through the VIP), which is the failure clients feel. Recovery restarts it, and it rejoins the cluster
 * (by IST when the others' gcache still holds what it missed).
 */
public final class KillGaleraNodeFault implements Fault {

    public static final String KIND = "kill-galera-node";
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
        killed = FaultTarget.resolve(cloud, target);
        if (!cloud.galera().nodes().contains(killed)) {
            throw new LabException("node " + killed.name() + " runs no Galera to kill");
        }
        if (!cloud.lab().services(killed.name()).kill(GaleraCluster.SERVICE)) {
            throw new LabException("mariadbd was not running on " + killed.name() + " when it was to be killed");
        }
        return "SIGKILL mariadbd on " + killed.name() + (target.equals(FaultTarget.WRITER) ? " (the node taking writes through the VIP)" : "");
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
