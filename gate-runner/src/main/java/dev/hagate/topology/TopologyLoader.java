package dev.hagate.topology;

import dev.hagate.topology.Topology.BmcSpec;
import dev.hagate.topology.Topology.LabSpec;
import dev.hagate.topology.Topology.LibvirtSpec;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.topology.Topology.RoleSpec;
import dev.hagate.topology.Topology.SshSpec;
import dev.hagate.topology.Topology.RouterSpec;
import dev.hagate.yaml.BadInputException;
import dev.hagate.yaml.YamlFile;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads a topology file and rejects, with file:line:column and field, anything that cannot build a lab. */
public final class TopologyLoader {

    static final String DEFAULT_BRIDGE = "hagate0";
    static final String DEFAULT_TEMPLATES = "templates";
    /** The embedded lab's first BMC port on 127.0.0.1 (IPMI's own is 623). */
    public static final int DEFAULT_BMC_PORT = 6230;
    static final int DEFAULT_SSH_PORT = 22;
    static final int DEFAULT_IPMI_PORT = 623;
    /** Cipher suite 3 (HMAC-SHA1, AES-128): the suite IPMI 2.0 BMCs have offered longest. */
    static final int DEFAULT_CIPHER_SUITE = 3;
    /** IPMI 2.0's cipher suite IDs (0 to 14) and the SHA-256 ones of its errata (15 to 17), which ipmitool knows. */
    static final int MAX_CIPHER_SUITE = 17;
    static final String DEFAULT_SSH_USER = "root";
    private static final String HOST_NAME = "[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*";
    private static final String NAME = "[a-z][a-z0-9-]*";
    /** Node names become parts of interface names, which Linux limits to 15 characters ("hgv-" + name). */
    private static final String NODE_NAME = "[a-z][a-z0-9]{0,10}";
    /** Galera and RabbitMQ's quorum queues both need a majority left when one node fails. */
    private static final int QUORUM_MINIMUM = 3;
    static final String DEFAULT_POOL = "default";
    static final int DEFAULT_MEMORY_MIB = 2048;
    /** MariaDB, HAProxy and keepalived on Debian 12 with room for a state transfer. */
    static final int MINIMUM_MEMORY_MIB = 1024;
    static final int DEFAULT_VCPUS = 2;
    /** Larger than Debian 12 cloud images (2 GiB), whose root file system grows to the disk at first boot. */
    static final int DEFAULT_DISK_GIB = 10;
    static final List<String> DEFAULT_NETWORKS = List.of("default");
    static final String DEFAULT_SSH_KEY = "~/.ssh/id_ed25519";
    private static final String LIBVIRT_NAME = "[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}";
    private static final String MAC = "[0-9a-f]{2}(:[0-9a-f]{2}){5}";
    /** keepalived needs a peer to fail over to: an HA router lives on at least two network nodes. */
    private static final int ROUTER_NODES_MINIMUM = 2;

    /** The file as written; {@link Topology} is what validation makes of it. */
    record TopologyFile(String name, LabSpec lab, String vip, List<NodeSpec> nodes, Map<String, RoleSpec> roles,
                        String templates, RouterSpec router) {}

    private TopologyLoader() {}

    /**
     * Reads a topology to validate it, or to reach a lab that is up or on other machines.
     *
     * @throws BadInputException listing every problem found, each with file, line, column and field
     */
    public static Topology load(Path file) {
        return load(file, HostInterfaces.none());
    }

    /**
     * Reads a topology whose lab is about to be built on this machine, whose interfaces are {@code host}:
     * a lab built here (netns, containers) must not take an interface's name or overlap a network it carries.
     *
     * @throws BadInputException listing every problem found, each with file, line, column and field
     */
    public static Topology load(Path file, HostInterfaces host) {
        return load(file, host, Service.Catalog.installed());
    }

    /**
     * As {@link #load(Path, HostInterfaces)}, a role being allowed only the services {@code services} knows, and
     * a service placed only with those it needs: the deployer's, which this package learns from its caller or,
     * by default, from the {@link Service.Catalog} on the class path, never from a list of its own.
     *
     * @throws BadInputException listing every problem found, each with file, line, column and field
     */
    public static Topology load(Path file, HostInterfaces host, Service.Catalog services) {
        Set<Service> known = services.known();
        YamlFile<TopologyFile> yaml = YamlFile.read(file, TopologyFile.class);
        TopologyFile t = yaml.value();

        if (yaml.require(t.name(), "name", "a lab name (lower case letters, digits, '-')") && !t.name().matches(NAME)) {
            yaml.problem("name", "expected lower case letters, digits and '-', starting with a letter; got '" + t.name() + "'");
        }
        Subnet subnet = checkLab(yaml, t.lab());
        checkClearOfOtherNetworks(yaml, t.lab(), subnet, host);
        LibvirtSpec libvirt = checkLibvirt(yaml, file, t.lab());
        LabFields fields = t.lab() == null ? null : t.lab().fields().orElse(null);
        boolean isLibvirt = fields != null && fields.libvirt();
        boolean baremetal = fields != null && fields.nodeAccess();
        Map<String, RoleSpec> roles = checkRoles(yaml, t.roles(), known);
        checkNodes(yaml, t.nodes(), subnet, roles, isLibvirt, baremetal);
        checkVip(yaml, t, subnet, baremetal);
        checkRouterAddresses(yaml, t, subnet);
        Path templates = checkTemplates(yaml, file, t.templates());
        List<NodeSpec> nodes = baremetal ? checkAccess(yaml, file, t.nodes()) : t.nodes();
        yaml.throwIfProblems();

        String kind = t.lab().kind();
        LabSpec lab = baremetal ? new LabSpec(kind, subnet == null ? null : subnet.toString(), null, null, null)
                : isLibvirt ? new LabSpec(kind, subnet.toString(), null, libvirt, null)
                : new LabSpec(kind, subnet.toString(), t.lab().bridge() == null ? DEFAULT_BRIDGE : t.lab().bridge(), null,
                        t.lab().bmcPort() == null ? DEFAULT_BMC_PORT : t.lab().bmcPort(),
                        t.lab().release() == null ? LabSpec.RELEASES.get(0) : t.lab().release());
        if (isLibvirt) {
            nodes = nodes.stream().map(TopologyLoader::withLibvirtDefaults).toList();
        }
        Topology topology = new Topology(t.name(), lab, t.vip(), List.copyOf(nodes), roles, templates, t.router());
        checkServicePlacement(yaml, topology, services);
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
        LabFields fields = lab.fields().orElse(null);
        if (fields != null) {
            if (fields.bridgeRefused() != null) {
                notAllowed(yaml, "lab.bridge", lab.bridge(), fields.bridgeRefused());
            }
            if (fields.bmcPortRefused() != null) {
                notAllowed(yaml, "lab.bmc-port", lab.bmcPort(), fields.bmcPortRefused());
            }
            if (fields.nodeAccess() && lab.subnet() == null) {
                return null;
            }
        }
        // A libvirt lab has no bridge of its own: its refusal says all there is to say.
        boolean isLibvirt = fields != null && fields.libvirt();
        if (lab.bridge() != null && !isLibvirt && !lab.bridge().matches("[a-z][a-z0-9-]{0,14}")) {
            yaml.problem("lab.bridge", "expected an interface name of at most 15 lower case letters, digits or '-'; got '"
                    + lab.bridge() + "'");
        }
        if (lab.release() != null && !lab.runsNodeImage()) {
            yaml.problem("lab.release", "only for kinds netns and containers, whose nodes run a node image built here;"
                    + " a " + lab.kind() + " lab's nodes run what their machines have installed");
        } else if (lab.release() != null && !LabSpec.RELEASES.contains(lab.release())) {
            yaml.problem("lab.release", "expected a Debian release: " + String.join(" or ", LabSpec.RELEASES) + "; got '"
                    + lab.release() + "'");
        }
        if (lab.bmcPort() != null && (lab.bmcPort() < 1024 || lab.bmcPort() > 65000)) {
            yaml.problem("lab.bmc-port", "expected the first BMC port on 127.0.0.1, from 1024 to 65000; got " + lab.bmcPort());
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

    /**
     * The lab's subnet keeps clear of loopback, the router's HA network, the other lab this machine can hold
     * beside it, and every network already on this machine; its bridge takes no name an interface here has.
     */
    private static void checkClearOfOtherNetworks(YamlFile<?> yaml, LabSpec lab, Subnet subnet, HostInterfaces host) {
        LabFields fields = lab == null ? null : lab.fields().orElse(null);
        boolean builtHere = fields != null && fields.builtHere();
        if (builtHere) {
            String bridge = lab.bridge() == null ? DEFAULT_BRIDGE : lab.bridge();
            if (host.has(bridge)) {
                yaml.problem("lab.bridge", "this machine already has an interface named " + bridge + ", which the lab did"
                        + " not make and must not take or remove; expected a name no interface here has, such as "
                        + DEFAULT_BRIDGE);
            }
        }
        if (subnet == null) {
            return;
        }
        Map<Subnet, String> reserved = new LinkedHashMap<>();
        reserved.put(Subnet.LOOPBACK, "loopback");
        reserved.put(Subnet.parse(RouterSpec.HA_SUBNET), "the router's HA network");
        if (builtHere) {
            LabFields.ALL.stream().filter(other -> other.builtHere() && other != fields).forEach(other ->
                    reserved.put(other.sideBySide(), "the subnet of the " + other.kind() + " lab, which can be up beside this one"));
        }
        reserved.forEach((other, what) -> {
            if (subnet.overlaps(other)) {
                yaml.problem("lab.subnet", subnet + " overlaps " + other + ", " + what + "; choose a subnet clear of it");
            }
        });
        if (builtHere) {
            host.overlapping(subnet).ifPresent(found -> yaml.problem("lab.subnet", subnet + " overlaps " + found.getValue()
                    + " on this machine's interface " + found.getKey() + "; choose a subnet no network here uses"));
        }
    }

    /** The libvirt section, with its defaults filled in; null (and rejected if present) for other kinds. */
    private static LibvirtSpec checkLibvirt(YamlFile<?> yaml, Path file, LabSpec lab) {
        if (lab == null || lab.kind() == null) {
            return null; // the missing kind is reported already
        }
        LibvirtSpec v = lab.libvirt();
        if (!lab.fields().map(LabFields::libvirt).orElse(false)) {
            if (v != null) {
                yaml.problem("lab.libvirt", "only for kind libvirt; this lab is kind '" + lab.kind() + "'");
            }
            return null;
        }
        if (!yaml.require(v, "lab.libvirt", "a mapping with uri and base-image (and optionally pool, disk-gib,"
                + " memory-mib, vcpus, networks, ssh-key)")) {
            return null;
        }
        if (yaml.require(v.uri(), "lab.libvirt.uri", "a libvirt connection URI such as qemu+ssh://root@virthost/system")
                && !isLibvirtUri(v.uri())) {
            yaml.problem("lab.libvirt.uri", "expected a libvirt connection URI such as qemu+ssh://root@virthost/system"
                    + " or test:///default; got '" + v.uri() + "'");
        }
        if (yaml.require(v.baseImage(), "lab.libvirt.base-image", "the base disk image's path on the hypervisor's host")
                && !v.baseImage().startsWith("/")) {
            yaml.problem("lab.libvirt.base-image", "expected an absolute path on the hypervisor's host, such as"
                    + " /var/lib/libvirt/images/debian-12-hagate.qcow2; got '" + v.baseImage() + "'");
        }
        if (v.pool() != null && !v.pool().matches(LIBVIRT_NAME)) {
            yaml.problem("lab.libvirt.pool", "expected the name of a libvirt storage pool; got '" + v.pool() + "'");
        }
        if (v.diskGib() != null && (v.diskGib() < 1 || v.diskGib() > 2048)) {
            yaml.problem("lab.libvirt.disk-gib", "expected a disk size per node from 1 to 2048 GiB, at least the base image's; got "
                    + v.diskGib());
        }
        if (v.memoryMib() != null && v.memoryMib() < MINIMUM_MEMORY_MIB) {
            yaml.problem("lab.libvirt.memory-mib", "expected at least " + MINIMUM_MEMORY_MIB
                    + " (MiB per node: MariaDB, HAProxy and keepalived); got " + v.memoryMib());
        }
        if (v.vcpus() != null && (v.vcpus() < 1 || v.vcpus() > 64)) {
            yaml.problem("lab.libvirt.vcpus", "expected 1 to 64 virtual CPUs per node; got " + v.vcpus());
        }
        if (v.networks() != null) {
            if (v.networks().isEmpty()) {
                yaml.problem("lab.libvirt.networks", "expected at least one libvirt network (the first carries the nodes' addresses)");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < v.networks().size(); i++) {
                String net = v.networks().get(i);
                if (net == null || !net.matches(LIBVIRT_NAME)) {
                    yaml.problem("lab.libvirt.networks[" + i + "]", "expected the name of a libvirt network; got '" + net + "'");
                } else if (!seen.add(net)) {
                    yaml.problem("lab.libvirt.networks[" + i + "]", "network '" + net + "' is listed twice");
                }
            }
        }
        return new LibvirtSpec(v.uri(), v.baseImage(), v.pool() == null ? DEFAULT_POOL : v.pool(),
                v.diskGib() == null ? DEFAULT_DISK_GIB : v.diskGib(),
                v.memoryMib() == null ? DEFAULT_MEMORY_MIB : v.memoryMib(), v.vcpus() == null ? DEFAULT_VCPUS : v.vcpus(),
                v.networks() == null ? DEFAULT_NETWORKS : v.networks().stream().toList(),
                sshKey(file, v.sshKey() == null ? DEFAULT_SSH_KEY : v.sshKey()));
    }

    /** Journal entries carry the URI between spaces, so it may hold none. */
    private static boolean isLibvirtUri(String uri) {
        try {
            return new URI(uri).getScheme() != null && uri.matches("\\S+");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code ~/} is the runner's home; a relative path is relative to the topology file. */
    private static String sshKey(Path file, String key) {
        if (key.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(key.substring(2)).toString();
        }
        return file.toAbsolutePath().getParent().resolve(key).normalize().toString();
    }

    /**
     * A node's domain is {@code hagate-<name>} unless named; its MAC, unless given, is made from its address
     * (52:54:00 and the address's last three bytes), so it is unique within the subnet and the same every run.
     */
    private static NodeSpec withLibvirtDefaults(NodeSpec node) {
        String domain = node.domain() == null ? "hagate-" + node.name() : node.domain();
        String mac = node.mac() == null ? macFor(node.address()) : node.mac().toLowerCase(java.util.Locale.ROOT);
        return new NodeSpec(node.name(), node.address(), node.roles(), domain, mac, null, null);
    }

    static String macFor(String address) {
        String[] octets = address.split("\\.");
        StringBuilder mac = new StringBuilder("52:54:00");
        for (int i = 1; i < 4; i++) {
            mac.append(String.format(":%02x", Integer.parseInt(octets[i])));
        }
        return mac.toString();
    }

    private static Map<String, RoleSpec> checkRoles(YamlFile<?> yaml, Map<String, RoleSpec> roles, Set<Service> known) {
        if (!yaml.require(roles, "roles", "a mapping from role name to its services")) {
            return Map.of();
        }
        String expected = Service.Catalog.list(known);
        roles.forEach((name, role) -> {
            if (role == null || role.services() == null || role.services().isEmpty()) {
                yaml.problem("roles." + name, "expected 'services:' with at least one of: " + expected);
                return;
            }
            for (int i = 0; i < role.services().size(); i++) {
                Service service = role.services().get(i);
                if (service == null || !known.contains(service)) {
                    yaml.problem("roles." + name + ".services[" + i + "]", "unknown service '" + service
                            + "'; expected one of: " + expected);
                }
            }
        });
        return new LinkedHashMap<>(roles);
    }

    private static void checkNodes(YamlFile<?> yaml, List<NodeSpec> nodes, Subnet subnet, Map<String, RoleSpec> roles,
                                   boolean isLibvirt, boolean baremetal) {
        if (!yaml.require(nodes, "nodes", "a list of nodes, each with name, address and roles")) {
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        Set<String> domains = new HashSet<>();
        Set<String> macs = new HashSet<>();
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
            if (baremetal && node.address() != null && subnet == null) {
                if (!isAddressOrHostName(node.address())) {
                    yaml.problem(at + ".address", "expected an IPv4 address or a host name; got '" + node.address() + "'");
                } else if (!addresses.add(addressKey(node.address()))) {
                    yaml.problem(at + ".address", "address " + node.address() + " is used by two nodes");
                }
            } else if (yaml.require(node.address(), at + ".address", "an IPv4 address inside lab.subnet") && subnet != null) {
                if (Subnet.parseAddress(node.address()) == null) {
                    yaml.problem(at + ".address", "expected an IPv4 address written plainly, without leading zeros, inside "
                            + subnet + "; got '" + node.address() + "'");
                } else if (!subnet.hasHost(node.address())) {
                    yaml.problem(at + ".address", "expected a host address inside " + subnet + "; got '" + node.address() + "'");
                } else if (!baremetal && node.address().equals(subnet.bridgeAddress())) {
                    yaml.problem(at + ".address", node.address() + " is the bridge's address (the first host of the subnet)");
                } else if (!addresses.add(addressKey(node.address()))) {
                    yaml.problem(at + ".address", "address " + node.address() + " is used by two nodes");
                }
            }
            if (!baremetal) {
                String bareMetalOnly = "only for bare-metal labs (lab.kind: baremetal); the embedded lab makes its own SSH keys and BMCs";
                notAllowed(yaml, at + ".ssh", node.ssh(), bareMetalOnly);
                notAllowed(yaml, at + ".bmc", node.bmc(), bareMetalOnly);
            }
            if (yaml.require(node.roles(), at + ".roles", "a list of roles defined under 'roles:'")) {
                for (int r = 0; r < node.roles().size(); r++) {
                    if (!roles.containsKey(node.roles().get(r))) {
                        yaml.problem(at + ".roles[" + r + "]", "unknown role '" + node.roles().get(r)
                                + "'; expected one of: " + String.join(", ", roles.keySet()));
                    }
                }
            }
            if (isLibvirt) {
                checkLibvirtNode(yaml, node, at, domains, macs);
            } else {
                if (node.domain() != null) {
                    yaml.problem(at + ".domain", "only for kind libvirt (the node's libvirt domain)");
                }
                if (node.mac() != null) {
                    yaml.problem(at + ".mac", "only for kind libvirt (the MAC address of the node's first interface)");
                }
            }
        }
    }

    private static void checkLibvirtNode(YamlFile<?> yaml, NodeSpec node, String at, Set<String> domains, Set<String> macs) {
        if (node.domain() != null) {
            if (!node.domain().matches(LIBVIRT_NAME)) {
                yaml.problem(at + ".domain", "expected a libvirt domain name (letters, digits, '_', '.', '+', '-', at most 64);"
                        + " got '" + node.domain() + "'");
            } else if (!domains.add(node.domain())) {
                yaml.problem(at + ".domain", "domain '" + node.domain() + "' is used by two nodes");
            }
        }
        if (node.mac() != null) {
            String mac = node.mac().toLowerCase(java.util.Locale.ROOT);
            if (!mac.matches(MAC) || (Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
                yaml.problem(at + ".mac", "expected a unicast MAC address such as 52:54:00:7a:00:0b; got '" + node.mac() + "'");
            } else if (!macs.add(mac)) {
                yaml.problem(at + ".mac", "MAC address " + mac + " is used by two nodes");
            }
        }
    }

    private static void checkVip(YamlFile<TopologyFile> yaml, TopologyFile t, Subnet subnet, boolean baremetal) {
        if (!yaml.require(t.vip(), "vip", "the virtual IPv4 address clients use, inside lab.subnet")) {
            return;
        }
        if (subnet == null) {
            if (baremetal && Subnet.parseAddress(t.vip()) == null) {
                yaml.problem("vip", "expected an IPv4 address; got '" + t.vip() + "'");
            } else if (baremetal && isNodeAddress(t, t.vip())) {
                yaml.problem("vip", "the virtual IP " + t.vip() + " is also a node's address");
            }
            return;
        }
        if (!subnet.hasHost(t.vip()) || t.vip().equals(subnet.bridgeAddress())) {
            yaml.problem("vip", "expected a free host address inside " + subnet + " (not the bridge's "
                    + subnet.bridgeAddress() + "); got '" + t.vip() + "'");
        } else if (isNodeAddress(t, t.vip())) {
            yaml.problem("vip", "the virtual IP " + t.vip() + " is also a node's address");
        }
    }

    /** A bare-metal node's SSH and BMC: every field present and every file readable, paths made absolute. */
    private static List<NodeSpec> checkAccess(YamlFile<?> yaml, Path file, List<NodeSpec> nodes) {
        List<NodeSpec> resolved = new ArrayList<>();
        if (nodes == null) {
            return resolved;
        }
        Path base = file.toAbsolutePath().getParent();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec node = nodes.get(i);
            String at = "nodes[" + i + "]";
            if (node == null) {
                continue;
            }
            SshSpec ssh = node.ssh();
            SshSpec sshResolved = null;
            if (yaml.require(ssh, at + ".ssh", "how to log in: key and known-hosts (user root and port 22 by default)")) {
                String user = ssh.user() == null ? DEFAULT_SSH_USER : ssh.user();
                if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
                    yaml.problem(at + ".ssh.user", "expected a user name; got '" + user + "'");
                }
                checkPort(yaml, at + ".ssh.port", ssh.port());
                String key = readableFile(yaml, base, at + ".ssh.key", ssh.key(), "the SSH private key file the runner logs in with");
                String knownHosts = readableFile(yaml, base, at + ".ssh.known-hosts", ssh.knownHosts(),
                        "a known_hosts file holding the node's host key (host keys are always checked)");
                sshResolved = new SshSpec(user, ssh.port() == null ? DEFAULT_SSH_PORT : ssh.port(), key, knownHosts);
            }
            BmcSpec bmc = node.bmc();
            BmcSpec bmcResolved = null;
            if (yaml.require(bmc, at + ".bmc", "the node's BMC: address, user and password-file (port 623 by default)")) {
                if (yaml.require(bmc.address(), at + ".bmc.address", "the BMC's IPv4 address or host name")
                        && !isAddressOrHostName(bmc.address())) {
                    yaml.problem(at + ".bmc.address", "expected an IPv4 address or a host name; got '" + bmc.address() + "'");
                }
                checkPort(yaml, at + ".bmc.port", bmc.port());
                if (yaml.require(bmc.user(), at + ".bmc.user", "the IPMI user name") && bmc.user().length() > 16) {
                    yaml.problem(at + ".bmc.user", "expected an IPMI user name of at most 16 characters; got '" + bmc.user() + "'");
                }
                String password = readableFile(yaml, base, at + ".bmc.password-file", bmc.passwordFile(),
                        "a file holding the BMC user's password (readable by root only)");
                if (bmc.cipherSuite() != null && (bmc.cipherSuite() < 0 || bmc.cipherSuite() > MAX_CIPHER_SUITE)) {
                    yaml.problem(at + ".bmc.cipher-suite", "expected an IPMI cipher suite ID from 0 to " + MAX_CIPHER_SUITE
                            + " (3 by default; 17 for HMAC-SHA256 on newer BMCs); got " + bmc.cipherSuite());
                }
                bmcResolved = new BmcSpec(bmc.address(), bmc.port() == null ? DEFAULT_IPMI_PORT : bmc.port(), bmc.user(), password,
                        bmc.cipherSuite() == null ? DEFAULT_CIPHER_SUITE : bmc.cipherSuite());
            }
            resolved.add(new NodeSpec(node.name(), node.address(), node.roles(), null, null, sshResolved, bmcResolved));
        }
        return resolved;
    }

    private static void notAllowed(YamlFile<?> yaml, String path, Object value, String why) {
        if (value != null) {
            yaml.problem(path, why);
        }
    }

    private static void checkPort(YamlFile<?> yaml, String path, Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            yaml.problem(path, "expected a port from 1 to 65535; got " + port);
        }
    }

    /** @return the file's absolute path, or null when it is missing (a problem is recorded) */
    private static String readableFile(YamlFile<?> yaml, Path base, String path, String value, String expected) {
        if (!yaml.require(value, path, expected)) {
            return null;
        }
        Path resolved = base.resolve(value).normalize();
        if (!Files.isRegularFile(resolved) || !Files.isReadable(resolved)) {
            yaml.problem(path, "expected " + expected + "; " + resolved + " is not a readable file");
            return null;
        }
        return resolved.toString();
    }

    /** What two addresses are compared by: the IPv4 address's value, or the host name in lower case. */
    private static String addressKey(String address) {
        Integer ip = Subnet.parseAddress(address);
        return ip != null ? Subnet.format(ip) : address.toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether {@code address} is also a node's address, compared by value. */
    private static boolean isNodeAddress(TopologyFile t, String address) {
        return t.nodes() != null && t.nodes().stream()
                .anyMatch(n -> n != null && n.address() != null && addressKey(address).equals(addressKey(n.address())));
    }

    private static boolean isAddressOrHostName(String text) {
        if (text.matches("[0-9.]+")) {
            return Subnet.parseAddress(text) != null;
        }
        return text.length() <= 253 && text.matches(HOST_NAME);
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
            taken.add(addressKey(t.vip()));
        }
        if (t.nodes() != null) {
            t.nodes().stream().filter(n -> n != null && n.address() != null).forEach(n -> taken.add(addressKey(n.address())));
        }
        String[][] fields = {{"router.external_ip", router.externalIp(), "the router's external address"},
                {"router.floating_ip", router.floatingIp(), "the client's floating IP"}};
        for (String[] f : fields) {
            if (!yaml.require(f[1], f[0], f[2] + ", a free host address inside lab.subnet")) {
                continue;
            }
            if (!subnet.hasHost(f[1])) {
                yaml.problem(f[0], "expected a host address inside " + subnet + "; got '" + f[1] + "'");
            } else if (!taken.add(addressKey(f[1]))) {
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

    private static void checkServicePlacement(YamlFile<?> yaml, Topology topology, Service.Catalog services) {
        for (Service clustered : List.of(Service.GALERA, Service.RABBITMQ)) {
            int count = topology.nodesRunning(clustered).size();
            if (count > 0 && count < QUORUM_MINIMUM) {
                yaml.problem("nodes", clustered + " runs on " + count + " node(s); it needs at least " + QUORUM_MINIMUM
                        + " to keep quorum when one fails");
            }
        }
        Set<Service> placed = new TreeSet<>();
        topology.nodes().forEach(node -> placed.addAll(topology.servicesOf(node)));
        for (Service service : placed) {
            for (Service needed : new TreeSet<>(services.needs(service))) {
                if (topology.nodesRunning(needed).isEmpty()) {
                    yaml.problem("roles", service + " needs " + needed + ", but no role runs it");
                }
            }
        }
        checkRouterPlacement(yaml, topology);
    }

    private static void checkRouterPlacement(YamlFile<?> yaml, Topology topology) {
        Service router = Service.NEUTRON_L3_AGENT;
        Service client = Service.NEUTRON_CLIENT;
        int routers = topology.nodesRunning(router).size();
        int clients = topology.nodesRunning(client).size();
        if (routers > 0 && routers < ROUTER_NODES_MINIMUM) {
            yaml.problem("nodes", router + " runs on " + routers + " node(s); an HA router needs at least "
                    + ROUTER_NODES_MINIMUM + " network nodes, one to take over when the other fails");
        }
        if (routers > 0 && clients != 1) {
            yaml.problem("nodes", client + " runs on " + clients + " node(s); the router needs exactly one"
                    + " client node behind it");
        }
        if (routers == 0 && clients > 0) {
            yaml.problem("roles", client + " sits behind the router, but no role runs " + router);
        }
        if (routers > 0 && topology.router() == null) {
            yaml.problem("router", "missing; expected the router's external_ip and floating_ip, since nodes run "
                    + router);
        } else if (routers == 0 && topology.router() != null) {
            yaml.problem("router", "no node runs " + router + " to hold this router");
        }
        if (routers > 0 && topology.nodesRunning(router).stream()
                .anyMatch(n -> topology.servicesOf(n).contains(client))) {
            yaml.problem("roles", client + " must run on a node other than the " + router
                    + " nodes: a client on a router node would fail with it");
        }
    }
}
