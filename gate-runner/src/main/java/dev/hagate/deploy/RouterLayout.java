package dev.hagate.deploy;

import dev.hagate.topology.Service;
import dev.hagate.topology.Subnet;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.util.List;
import java.util.Optional;

/**
 * Where the lab's one HA router lives: the nodes whose L3 agents hold it ({@code neutron-l3-agent}), the
 * namespace and address of the client behind it ({@code neutron-client}), the gateway IP, and its addresses on
 * the lab network. All of it follows from the topology, so the deployment, the queries about the gateway and the faults
 * each make their own and agree.
 */
public final class RouterLayout {

    /** The namespace the client's port is plugged into, as a tenant VM's. */
    public static final String CLIENT_NAMESPACE = "vm-client";
    public static final String GATEWAY_IP = Topology.RouterSpec.GATEWAY_IP;
    public static final String CLIENT_IP = Topology.RouterSpec.CLIENT_IP;
    public static final int INTERNAL_PREFIX = Subnet.parse(Topology.RouterSpec.INTERNAL_SUBNET).prefix();

    private final Topology topology;
    private final List<NodeSpec> routers;

    public RouterLayout(Topology topology) {
        this.topology = topology;
        this.routers = topology.nodesRunning(Service.NEUTRON_L3_AGENT);
    }

    /** Whether the topology has a router at all. */
    public boolean present() {
        return !routers.isEmpty();
    }

    /** The nodes holding the router, in the topology's order. */
    public List<NodeSpec> routers() {
        return routers;
    }

    /** The router node named {@code name}, if there is one. */
    public Optional<NodeSpec> router(String name) {
        return routers.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The client's floating IP on the lab network, NATed by the master. */
    public String floatingIp() {
        return topology.router().floatingIp();
    }

    /** The router's own address on the lab network, held by the master. */
    public String externalIp() {
        return topology.router().externalIp();
    }

    /** The lab bridge's address: the router's external gateway. */
    public String externalGateway() {
        return Subnet.parse(topology.lab().subnet()).bridgeAddress();
    }
}
