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
 * @param router    the HA router the {@code neutron-l3-agent} nodes hold; null when no node runs it
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

    /** The same lab deployed from other templates (those of a change under test). */
    public Topology withTemplates(Path dir) {
        return new Topology(name, lab, vip, nodes, roles, dir, router);
    }

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * How the lab is built: {@code kind} (one of {@link #KINDS}) and its subnet; {@code bridge} for a netns lab
     * (null for other kinds), {@code libvirt} for a libvirt lab (null for other kinds), and the first BMC port
     * on 127.0.0.1 of the netns lab's simulated BMCs (the next nodes take the next ports). On a bare-metal lab
     * only {@code kind} is required; {@code subnet}, when given, must hold the nodes' addresses and the VIP.
     * {@code release} is the Debian release of the node image the netns and container labs' nodes run (one of
     * {@link #RELEASES}), null for the other kinds, whose machines run what they have installed.
     */
    public record LabSpec(String kind, String subnet, String bridge, LibvirtSpec libvirt,
                          @JsonProperty("bmc-port") Integer bmcPort, String release) {
        /** Namespaces on this machine, built and removed by hagate. */
        public static final String NETNS = "netns";
        /** Virtual machines on a libvirt host, defined and removed by hagate. */
        public static final String LIBVIRT = "libvirt";
        /** Containers on this machine (Testcontainers over Podman or Docker), built and removed by hagate. */
        public static final String CONTAINERS = "containers";
        /** Machines that exist already, reached over SSH and powered over IPMI; nothing is provisioned. */
        public static final String BAREMETAL = "baremetal";
        /** The lab kinds a topology may name ({@link LabFields}); {@code dev.hagate.lab.LabKinds} builds each. */
        public static final List<String> KINDS = LabFields.ALL.stream().map(LabFields::kind).toList();
        /** The Debian releases a node image can be built from; the first is the default. */
        public static final List<String> RELEASES = List.of("trixie", "bookworm");

        public LabSpec(String kind, String subnet, String bridge) {
            this(kind, subnet, bridge, null, null, null);
        }

        public LabSpec(String kind, String subnet, String bridge, LibvirtSpec libvirt, Integer bmcPort) {
            this(kind, subnet, bridge, libvirt, bmcPort, null);
        }

        /** Whether the lab's nodes run a node image built here (of {@link #release}), rather than what their machines have installed. */
        public boolean runsNodeImage() {
            return fields().map(LabFields::nodeImage).orElse(false);
        }

        /** The fields this lab's kind takes; empty for a kind no lab has. */
        public Optional<LabFields> fields() {
            return LabFields.of(kind);
        }

        public boolean netns() {
            return NETNS.equals(kind);
        }

        public boolean baremetal() {
            return BAREMETAL.equals(kind);
        }
    }

    /**
     * Where and how a libvirt lab's nodes run: each node a domain on the hypervisor at {@code uri}, booting
     * from a copy-on-write overlay (in storage pool {@code pool}) over {@code baseImage}, a path on the
     * hypervisor's host. {@code networks} are libvirt networks, one interface each, the first carrying the
     * node's address. {@code sshKey} is the runner's private key, whose public half the base image lets log
     * in as root. Never null fields once loaded.
     */
    public record LibvirtSpec(String uri,
                              @JsonProperty("base-image") String baseImage,
                              String pool,
                              @JsonProperty("disk-gib") Integer diskGib,
                              @JsonProperty("memory-mib") Integer memoryMib,
                              Integer vcpus,
                              List<String> networks,
                              @JsonProperty("ssh-key") String sshKey) {}

    /**
     * One node. {@code domain} (the libvirt domain's name) and {@code mac} (its first interface's address,
     * which the network's DHCP maps to {@code address}) are set for libvirt labs only, null otherwise.
     * {@code ssh} and {@code bmc} are how a bare-metal node is reached and powered (file paths absolute once
     * loaded); both are null on the embedded lab, which makes its own keys and BMCs.
     */
    public record NodeSpec(String name, String address, List<String> roles, String domain, String mac, SshSpec ssh,
                           BmcSpec bmc) {

        public NodeSpec(String name, String address, List<String> roles) {
            this(name, address, roles, null, null, null, null);
        }
    }

    /**
     * How the runner logs into a bare-metal node: as {@code user} (default root) on {@code port} (default 22)
     * with the private key {@code key}, checking the host key against {@code knownHosts}.
     */
    public record SshSpec(String user, Integer port, String key, @JsonProperty("known-hosts") String knownHosts) {}

    /**
     * A node's BMC, reached with IPMI over LAN (lanplus): {@code address} and {@code port} (default 623),
     * {@code user}, the file holding the password (never the password itself), and the IPMI cipher suite ID
     * the session uses (default 3: HMAC-SHA1 authentication, AES-128 encryption).
     */
    public record BmcSpec(String address, Integer port, String user, @JsonProperty("password-file") String passwordFile,
                          @JsonProperty("cipher-suite") Integer cipherSuite) {}

    public record RoleSpec(List<Service> services) {}

    /**
     * The addresses Neutron's HA router has on the lab network, which serves as its external network.
     *
     * @param externalIp the router's own external address (its {@code qg-} interface), held by the master
     * @param floatingIp the client's floating IP, NATed by the master to the client on the internal network
     */
    public record RouterSpec(@JsonProperty("external_ip") String externalIp,
                             @JsonProperty("floating_ip") String floatingIp) {
        /** The router's internal network, behind it and away from the lab's: the client's and the gateway's. */
        public static final String INTERNAL_SUBNET = "192.168.100.0/24";
        /** The HA network between the routers' {@code ha-} ports, which carries keepalived's adverts. */
        public static final String HA_SUBNET = "169.254.192.0/18";
        public static final String GATEWAY_IP = "192.168.100.1";
        public static final String CLIENT_IP = "192.168.100.10";
    }
}
