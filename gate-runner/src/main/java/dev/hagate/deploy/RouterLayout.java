package dev.hagate.deploy;

import dev.hagate.topology.Service;
import dev.hagate.topology.Subnet;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.util.List;
import java.util.Optional;

/**
 * Where each part of the lab's one router lives, as Neutron's L3 agent names them: the router namespace, its
 * {@code ha-}, {@code qr-} and {@code qg-} ports with their MACs, the HA network's addresses, the services that
 * run it, and the nodes that hold it ({@code l3-router}) and the client behind it ({@code l3-client}). All of it
 * follows from the topology, so the deployment, the queries about the gateway and the faults each make their own
 * and agree.
 */
public final class RouterLayout {

    public static final String ROUTER_ID = "5d0b3f6e-8a41-4c2e-9b7a-2f1e6c9d4a10";
    public static final String NAMESPACE = "qrouter-" + ROUTER_ID;
    /** The service running the router's keepalived. */
    public static final String KEEPALIVED = "l3-keepalived";
    /** The service running the per-router part of the L3 agent, which logs each address change. */
    public static final String AGENT = "l3-agent";
    public static final String CLIENT_NAMESPACE = "vm-client";
    public static final String GATEWAY_IP = Topology.RouterSpec.GATEWAY_IP;
    public static final String CLIENT_IP = Topology.RouterSpec.CLIENT_IP;
    public static final int INTERNAL_PREFIX = Subnet.parse(Topology.RouterSpec.INTERNAL_SUBNET).prefix();
    /** The internal port, which holds the gateway IP on the master. */
    public static final String QR = "qr-7c1e2a904b5";
    /** The external port, a macvlan on the node's lab interface. */
    public static final String QG = "qg-2b8d61f0c3a";
    static final String QR_MAC = "fa:16:3e:4b:00:01";
    static final String QG_MAC = "fa:16:3e:4b:00:02";
    static final int HA_PREFIX = 18;
    static final int HA_VNI = 1001;
    static final int INTERNAL_VNI = 1002;
    /** 1500 on eth0 less the 50 bytes of VXLAN encapsulation. */
    static final int OVERLAY_MTU = 1450;
    private static final String HA_NETWORK = "169.254.192.";

    private final Topology topology;
    private final boolean neutron;
    private final List<NodeSpec> routers;
    private final List<NodeSpec> clients;

    public RouterLayout(Topology topology) {
        this.topology = topology;
        this.neutron = !topology.nodesRunning(Service.NEUTRON_L3_AGENT).isEmpty();
        this.routers = topology.nodesPlaying(Service.L3_ROUTER);
        this.clients = topology.nodesPlaying(Service.L3_CLIENT);
    }

    /** Whether Neutron's L3 agent holds the router, rather than the lab's own keepalived pair. */
    public boolean neutron() {
        return neutron;
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

    /** The node(s) of the client behind the router. */
    public List<NodeSpec> clients() {
        return clients;
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

    /** The {@code ha-} port of {@code node}'s router: one Neutron port per node on the HA network. */
    public String haPort(NodeSpec node) {
        return "ha-3f0a9c1e-" + (routers.indexOf(node) + 1);
    }

    /**
     * The {@code ha-} port's MAC, the same each time the router is rebuilt on that node, as a Neutron port's is:
     * with a new MAC the peer keeps sending its adverts to the old one (its ARP entry stays reachable for
     * up to a minute), the returning router hears no master and takes the gateway back.
     */
    String haMac(NodeSpec node) {
        return String.format("fa:16:3e:4b:01:%02x", routers.indexOf(node) + 1);
    }

    /** {@code node}'s address on the HA network. */
    String haAddress(NodeSpec node) {
        return HA_NETWORK + (routers.indexOf(node) + 1);
    }

    /** The host end of a port's veth pair ({@code ha-x} is plugged through {@code tapx}). */
    static String tap(String port) {
        return "tap" + port.substring(2);
    }
}
