package dev.hagate.topology;

import dev.hagate.topology.Topology.LabSpec;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.topology.Topology.RoleSpec;
import dev.hagate.topology.Topology.RouterSpec;
import dev.hagate.yaml.BadInputException;
import dev.hagate.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a topology file and rejects, with file:line:column and field, anything that cannot build a lab. */
public final class TopologyLoader {

    static final String DEFAULT_BRIDGE = "hagate0";
    static final String DEFAULT_TEMPLATES = "templates";
    private static final String NAME = "[a-z][a-z0-9-]*";
    /** Node names become parts of interface names, which Linux limits to 15 characters ("hgv-" + name). */
    private static final String NODE_NAME = "[a-z][a-z0-9]{0,10}";
    private static final int GALERA_QUORUM_MINIMUM = 3;
    /** keepalived needs a peer to fail over to: an HA router lives on at least two network nodes. */
    private static final int ROUTER_NODES_MINIMUM = 2;

    /** The file as written; {@link Topology} is what validation makes of it. */
    record TopologyFile(String name, LabSpec lab, String vip, List<NodeSpec> nodes, Map<String, RoleSpec> roles,
                        String templates, RouterSpec router) {}

    private TopologyLoader() {}

    /** @throws BadInputException listing every problem found, each with file, line, column and field */
    public static Topology load(Path file) {
        YamlFile<TopologyFile> yaml = YamlFile.read(file, TopologyFile.class);
        TopologyFile t = yaml.value();

        if (yaml.require(t.name(), "name", "a lab name (lower case letters, digits, '-')") && !t.name().matches(NAME)) {
            yaml.problem("name", "expected lower case letters, digits and '-', starting with a letter; got '" + t.name() + "'");
        }
        Subnet subnet = checkLab(yaml, t.lab());
        Map<String, RoleSpec> roles = checkRoles(yaml, t.roles());
        checkNodes(yaml, t.nodes(), subnet, roles);
        checkVip(yaml, t, subnet);
        checkRouterAddresses(yaml, t, subnet);
        Path templates = checkTemplates(yaml, file, t.templates());
        yaml.throwIfProblems();

        LabSpec lab = new LabSpec(t.lab().kind(), subnet.toString(),
                t.lab().bridge() == null ? DEFAULT_BRIDGE : t.lab().bridge());
        Topology topology = new Topology(t.name(), lab, t.vip(), List.copyOf(t.nodes()), roles, templates, t.router());
        checkServicePlacement(yaml, topology);
        yaml.throwIfProblems();
        return topology;
    }

    private static Subnet checkLab(YamlFile<?> yaml, LabSpec lab) {
        if (!yaml.require(lab, "lab", "a mapping with kind and subnet")) {
            return null;
        }
        if (yaml.require(lab.kind(), "lab.kind", "the kind of lab: " + String.join(", ", LabSpec.KINDS))
                && !LabSpec.KINDS.contains(lab.kind())) {
            yaml.problem("lab.kind", "expected one of: " + String.join(", ", LabSpec.KINDS) + "; got '" + lab.kind() + "'");
        }
        if (lab.bridge() != null && !lab.bridge().matches("[a-z][a-z0-9-]{0,14}")) {
            yaml.problem("lab.bridge", "expected an interface name of at most 15 lower case letters, digits or '-'; got '"
                    + lab.bridge() + "'");
        }
        if (!yaml.require(lab.subnet(), "lab.subnet", "an IPv4 subnet such as 10.77.0.0/24")) {
            return null;
        }
        Subnet subnet = Subnet.parse(lab.subnet());
        if (subnet == null) {
            yaml.problem("lab.subnet", "expected an IPv4 subnet with a prefix from /8 to /30, such as 10.77.0.0/24; got '"
                    + lab.subnet() + "'");
        }
        return subnet;
    }

    private static Map<String, RoleSpec> checkRoles(YamlFile<?> yaml, Map<String, RoleSpec> roles) {
        if (!yaml.require(roles, "roles", "a mapping from role name to its services")) {
            return Map.of();
        }
        roles.forEach((name, role) -> {
            if (role == null || role.services() == null || role.services().isEmpty()) {
                yaml.problem("roles." + name, "expected 'services:' with at least one of: "
                        + List.of(Service.values()));
            }
        });
        return new LinkedHashMap<>(roles);
    }

    private static void checkNodes(YamlFile<?> yaml, List<NodeSpec> nodes, Subnet subnet, Map<String, RoleSpec> roles) {
        if (!yaml.require(nodes, "nodes", "a list of nodes, each with name, address and roles")) {
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec node = nodes.get(i);
            String at = "nodes[" + i + "]";
            if (!yaml.require(node, at, "a node with name, address and roles")) {
                continue;
            }
            if (yaml.require(node.name(), at + ".name", "a node name")) {
                if (!node.name().matches(NODE_NAME)) {
                    yaml.problem(at + ".name", "expected 1 to 11 lower case letters or digits, starting with a letter; got '"
                            + node.name() + "'");
                } else if (!names.add(node.name())) {
                    yaml.problem(at + ".name", "node '" + node.name() + "' is defined twice");
                }
            }
            if (yaml.require(node.address(), at + ".address", "an IPv4 address inside lab.subnet") && subnet != null) {
                if (!subnet.hasHost(node.address())) {
                    yaml.problem(at + ".address", "expected a host address inside " + subnet + "; got '" + node.address() + "'");
                } else if (node.address().equals(subnet.bridgeAddress())) {
                    yaml.problem(at + ".address", node.address() + " is the bridge's address (the first host of the subnet)");
                } else if (!addresses.add(node.address())) {
                    yaml.problem(at + ".address", "address " + node.address() + " is used by two nodes");
                }
            }
            if (yaml.require(node.roles(), at + ".roles", "a list of roles defined under 'roles:'")) {
                for (int r = 0; r < node.roles().size(); r++) {
                    if (!roles.containsKey(node.roles().get(r))) {
                        yaml.problem(at + ".roles[" + r + "]", "unknown role '" + node.roles().get(r)
                                + "'; expected one of: " + String.join(", ", roles.keySet()));
                    }
                }
            }
        }
    }

    private static void checkVip(YamlFile<TopologyFile> yaml, TopologyFile t, Subnet subnet) {
        if (!yaml.require(t.vip(), "vip", "the virtual IPv4 address clients use, inside lab.subnet") || subnet == null) {
            return;
        }
        if (!subnet.hasHost(t.vip()) || t.vip().equals(subnet.bridgeAddress())) {
            yaml.problem("vip", "expected a free host address inside " + subnet + " (not the bridge's "
                    + subnet.bridgeAddress() + "); got '" + t.vip() + "'");
        } else if (t.nodes() != null && t.nodes().stream().anyMatch(n -> n != null && t.vip().equals(n.address()))) {
            yaml.problem("vip", "the virtual IP " + t.vip() + " is also a node's address");
        }
    }

    private static void checkRouterAddresses(YamlFile<TopologyFile> yaml, TopologyFile t, Subnet subnet) {
        RouterSpec router = t.router();
        if (router == null || subnet == null) {
            return;
        }
        Subnet internal = Subnet.parse(RouterSpec.INTERNAL_SUBNET);
        if (subnet.hasHost(RouterSpec.GATEWAY_IP) || internal.hasHost(subnet.bridgeAddress())) {
            yaml.problem("lab.subnet", subnet + " overlaps the router's internal network " + internal
                    + "; choose a lab subnet outside it");
        }
        Set<String> taken = new HashSet<>();
        taken.add(subnet.bridgeAddress());
        if (t.vip() != null) {
            taken.add(t.vip());
        }
        if (t.nodes() != null) {
            t.nodes().stream().filter(n -> n != null && n.address() != null).forEach(n -> taken.add(n.address()));
        }
        String[][] fields = {{"router.external_ip", router.externalIp(), "the router's external address"},
                {"router.floating_ip", router.floatingIp(), "the client's floating IP"}};
        for (String[] f : fields) {
            if (!yaml.require(f[1], f[0], f[2] + ", a free host address inside lab.subnet")) {
                continue;
            }
            if (!subnet.hasHost(f[1])) {
                yaml.problem(f[0], "expected a host address inside " + subnet + "; got '" + f[1] + "'");
            } else if (!taken.add(f[1])) {
                yaml.problem(f[0], f[1] + " is already the bridge's, the VIP's, a node's or the router's other address");
            }
        }
    }

    private static Path checkTemplates(YamlFile<?> yaml, Path file, String templates) {
        Path base = file.toAbsolutePath().getParent();
        Path dir = base.resolve(templates == null ? DEFAULT_TEMPLATES : templates).normalize();
        if (!Files.isDirectory(dir)) {
            yaml.problem("templates", "expected a directory of deployment templates; " + dir + " is not one");
        }
        return dir;
    }

    private static void checkServicePlacement(YamlFile<?> yaml, Topology topology) {
        int galera = topology.nodesRunning(Service.GALERA).size();
        if (galera > 0 && galera < GALERA_QUORUM_MINIMUM) {
            yaml.problem("nodes", "Galera runs on " + galera + " node(s); it needs at least " + GALERA_QUORUM_MINIMUM
                    + " to keep quorum when one fails");
        }
        for (Service needsGalera : List.of(Service.HAPROXY, Service.KEEPALIVED)) {
            if (!topology.nodesRunning(needsGalera).isEmpty() && galera == 0) {
                yaml.problem("roles", needsGalera + " fronts the Galera cluster, but no role runs galera");
            }
        }
        checkRouterPlacement(yaml, topology);
    }

    private static void checkRouterPlacement(YamlFile<?> yaml, Topology topology) {
        int routers = topology.nodesRunning(Service.L3_ROUTER).size();
        int clients = topology.nodesRunning(Service.L3_CLIENT).size();
        if (routers > 0 && routers < ROUTER_NODES_MINIMUM) {
            yaml.problem("nodes", Service.L3_ROUTER + " runs on " + routers + " node(s); an HA router needs at least "
                    + ROUTER_NODES_MINIMUM + " network nodes, one to take over when the other fails");
        }
        if (routers > 0 && clients != 1) {
            yaml.problem("nodes", Service.L3_CLIENT + " runs on " + clients + " node(s); the router needs exactly one"
                    + " client node behind it");
        }
        if (routers == 0 && clients > 0) {
            yaml.problem("roles", Service.L3_CLIENT + " sits behind the router, but no role runs " + Service.L3_ROUTER);
        }
        if (routers > 0 && topology.router() == null) {
            yaml.problem("router", "missing; expected the router's external_ip and floating_ip, since nodes run "
                    + Service.L3_ROUTER);
        } else if (routers == 0 && topology.router() != null) {
            yaml.problem("router", "no node runs " + Service.L3_ROUTER + " to hold this router");
        }
        if (routers > 0 && topology.nodesRunning(Service.L3_ROUTER).stream()
                .anyMatch(n -> topology.servicesOf(n).contains(Service.L3_CLIENT))) {
            yaml.problem("roles", Service.L3_CLIENT + " must run on a node other than the " + Service.L3_ROUTER
                    + " nodes: a client on a router node would fail with it");
        }
    }
}
