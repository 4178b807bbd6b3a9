package dev.hagate.topology;

import dev.hagate.topology.Topology.LabSpec;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.topology.Topology.RoleSpec;
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
    /** Galera and RabbitMQ's quorum queues both need a majority left when one node fails. */
    private static final int QUORUM_MINIMUM = 3;

    /** The file as written; {@link Topology} is what validation makes of it. */
    record TopologyFile(String name, LabSpec lab, String vip, List<NodeSpec> nodes, Map<String, RoleSpec> roles,
                        String templates) {}

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
        Path templates = checkTemplates(yaml, file, t.templates());
        yaml.throwIfProblems();

        LabSpec lab = new LabSpec(t.lab().kind(), subnet.toString(),
                t.lab().bridge() == null ? DEFAULT_BRIDGE : t.lab().bridge());
        Topology topology = new Topology(t.name(), lab, t.vip(), List.copyOf(t.nodes()), roles, templates);
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
        for (Service clustered : List.of(Service.GALERA, Service.RABBITMQ)) {
            int count = topology.nodesRunning(clustered).size();
            if (count > 0 && count < QUORUM_MINIMUM) {
                yaml.problem("nodes", clustered + " runs on " + count + " node(s); it needs at least " + QUORUM_MINIMUM
                        + " to keep quorum when one fails");
            }
        }
        for (Service needsGalera : List.of(Service.HAPROXY, Service.KEEPALIVED)) {
            if (!topology.nodesRunning(needsGalera).isEmpty() && galera == 0) {
                yaml.problem("roles", needsGalera + " fronts the Galera cluster, but no role runs galera");
            }
        }
        if (!topology.nodesRunning(Service.KEYSTONE).isEmpty()) {
            for (Service needed : List.of(Service.GALERA, Service.RABBITMQ, Service.MEMCACHED, Service.HAPROXY, Service.KEEPALIVED)) {
                if (topology.nodesRunning(needed).isEmpty()) {
                    yaml.problem("roles", "keystone needs " + needed + " (its database, notifications, cache and VIP),"
                            + " but no role runs it");
                }
            }
        }
    }
}
