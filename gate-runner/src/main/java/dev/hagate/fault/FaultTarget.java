package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Topology.NodeSpec;
import java.sql.SQLException;
import java.util.List;

/**
 * Which node a fault hits, as a scenario names it: a node's name, or the role a node plays at the moment of
 * the fault, which is the failure clients feel.
 */
public final class FaultTarget {

    /** The Galera node taking writes through the VIP right now. */
    public static final String WRITER = "writer";
    /** The node holding the VIP right now. */
    public static final String VIP_HOLDER = "vip-holder";
    /** The names a scenario may give besides node names. */
    public static final List<String> ROLES = List.of(WRITER, VIP_HOLDER);

    private FaultTarget() {}

    /** @throws LabException when the role cannot be found on the lab as it is */
    public static NodeSpec resolve(Cloud cloud, String target) {
        String name = switch (target) {
            case WRITER -> writer(cloud);
            case VIP_HOLDER -> vipHolder(cloud);
            default -> target;
        };
        return cloud.lab().topology().node(name)
                .orElseThrow(() -> new LabException("no node '" + name + "' in lab " + cloud.lab().topology().name()));
    }

    private static String writer(Cloud cloud) {
        try {
            return cloud.currentDatabaseWriter();
        } catch (SQLException e) {
            throw new LabException("cannot ask the VIP " + cloud.vip() + " which node takes writes: " + e.getMessage(), e);
        }
    }

    private static String vipHolder(Cloud cloud) {
        List<String> holders = cloud.vipHolders();
        if (holders.size() != 1) {
            throw new LabException("the VIP " + cloud.vip() + " should be held by one node before the fault, but is held by "
                    + (holders.isEmpty() ? "none" : String.join(", ", holders)));
        }
        return holders.get(0);
    }
}
