package dev.hagate.topology;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab as an operator describes it: how it is built, its nodes and their roles, which services each role
 * runs, and the virtual IP clients use. Loaded and validated by {@link TopologyLoader}; never null fields
 * once loaded.
 *
 * @param templates the directory of deployment templates, resolved against the topology file
 * @param router    the router the {@code l3-router} nodes hold; null when no node runs it
 */
public record Topology(String name, LabSpec lab, String vip, List<NodeSpec> nodes, Map<String, RoleSpec> roles,
                       Path templates, RouterSpec router) {

    /** A topology without a router. */
    public Topology(String name, LabSpec lab, String vip, List<NodeSpec> nodes, Map<String, RoleSpec> roles, Path templates) {
        this(name, lab, vip, nodes, roles, templates, null);
    }

    /** The nodes running {@code service}, in file order. */
    public List<NodeSpec> nodesRunning(Service service) {
        return nodes.stream().filter(n -> servicesOf(n).contains(service)).toList();
    }

    public List<Service> servicesOf(NodeSpec node) {
        return node.roles().stream().flatMap(r -> roles.get(r).services().stream()).distinct().toList();
    }

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** How the lab is built: {@code kind} (one of {@link #KINDS}), its subnet and bridge. */
    public record LabSpec(String kind, String subnet, String bridge) {
        /** The lab kinds a topology may name; {@code dev.hagate.lab.Labs} builds each. */
        public static final List<String> KINDS = List.of("netns");
    }

    public record NodeSpec(String name, String address, List<String> roles) {}

    public record RoleSpec(List<Service> services) {}

    /**
     * The addresses a Neutron L3 HA style router has on the lab network, which serves as its external network.
     *
     * @param externalIp the router's own external address (its {@code qg-} interface), held by the master
     * @param floatingIp the client's floating IP, NATed by the master to the client on the internal network
     */
    public record RouterSpec(@JsonProperty("external_ip") String externalIp,
                             @JsonProperty("floating_ip") String floatingIp) {
        /** The router's internal network, behind it and away from the lab's: the client's and the gateway's. */
        public static final String INTERNAL_SUBNET = "192.168.100.0/24";
        public static final String GATEWAY_IP = "192.168.100.1";
        public static final String CLIENT_IP = "192.168.100.10";
    }
}
