package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.RouterGateway;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.sql.SQLException;
import java.util.List;

/**
 * Which node a fault hits, as a scenario names it: a node's name, {@value #WRITER} (the Galera node HAProxy
 * sends writes to right now, asked through the VIP), {@value #VIP_HOLDER} (the node holding the VIP now) or
 * {@value #ROUTER_MASTER} (the network node whose router answers for the gateway now).
 */
public final class Targets {

    public static final String WRITER = "writer";
    public static final String VIP_HOLDER = "vip-holder";
    public static final String ROUTER_MASTER = "master";
    /** The router master, a target of the faults that hit a network node; not among {@link #ROLES}. */
    public static final FaultKind.TargetRole ROUTER_MASTER_ROLE = new FaultKind.TargetRole(ROUTER_MASTER,
            "whichever router node is master", Service.NEUTRON_L3_AGENT);
    /** The targets a scenario may name besides a node's name, each with how its node is chosen at run time. */
    public static final List<FaultKind.TargetRole> ROLES = List.of(
            new FaultKind.TargetRole(WRITER, "the node HAProxy sends writes to, asked through the VIP", Service.GALERA),
            new FaultKind.TargetRole(VIP_HOLDER, "whichever node holds the VIP", Service.KEEPALIVED));

    private Targets() {}

    /** @throws LabException when the node cannot be found out (no VIP holder, the VIP does not answer) */
    public static NodeSpec resolve(Cloud cloud, String target) {
        String name = switch (target) {
            case WRITER -> {
                try {
                    yield cloud.currentDatabaseWriter();
                } catch (SQLException e) {
                    throw new LabException("cannot ask the VIP " + cloud.vip() + " which node takes writes: " + e.getMessage(), e);
                }
            }
            case VIP_HOLDER -> {
                List<String> holders = cloud.vipHolders();
                if (holders.size() != 1) {
                    throw new LabException("expected one node holding the VIP " + cloud.vip() + ", found "
                            + (holders.isEmpty() ? "none" : String.join(", ", holders)));
                }
                yield holders.get(0);
            }
            case ROUTER_MASTER -> {
                List<String> masters = new RouterGateway(cloud.lab()).holders();
                if (masters.size() != 1) {
                    throw new LabException("expected exactly one router master, found " + (masters.isEmpty() ? "none" : String.join(", ", masters)));
                }
                yield masters.get(0);
            }
            default -> target;
        };
        return cloud.lab().topology().node(name).orElseThrow(() -> new LabException("no node '" + name + "' in the lab"));
    }

    /** How a report names the target: {@code p1 (the VIP holder)}. */
    static String describe(NodeSpec node, String target) {
        return node.name() + switch (target) {
            case WRITER -> " (the node taking writes through the VIP)";
            case VIP_HOLDER -> " (the node holding the VIP)";
            case ROUTER_MASTER -> " (the router master)";
            default -> "";
        };
    }
}
