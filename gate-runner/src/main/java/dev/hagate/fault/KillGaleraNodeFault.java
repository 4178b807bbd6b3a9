package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.GaleraCluster;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;

/**
 * SIGKILLs one node's mariadbd, as a crash: by default the node HAProxy sends writes to right now (asked
 * through the VIP), which is the failure clients feel. Recovery restarts it, and it rejoins the cluster
 * (by IST when the others' gcache still holds what it missed).
 */
public final class KillGaleraNodeFault implements Fault {

    public static final String KIND = "kill-galera-node";
    /** Target meaning "the node currently taking writes through the VIP". */
    public static final String WRITER = Targets.WRITER;
    private static final Duration REJOIN_TIMEOUT = Duration.ofMinutes(3);
    /** Hits a Galera node, the writer unless named; takes no port. */
    public static final FaultKind DECLARATION = new FaultKind(KIND, Targets.ROLES, WRITER, false, Service.GALERA,
            (cloud, target, port) -> new KillGaleraNodeFault(cloud, target));

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
        long start = System.nanoTime();
        if (!cloud.lab().services(killed.name()).kill(GaleraCluster.SERVICE)) {
            throw new LabException("mariadbd was not running on " + killed.name() + " when it was to be killed");
        }
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        return "SIGKILL mariadbd on " + Targets.describe(killed, target) + "; in effect after " + ms + " ms";
    }

    private NodeSpec resolveTarget() {
        String wanted = Targets.resolve(cloud, target).name();
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
