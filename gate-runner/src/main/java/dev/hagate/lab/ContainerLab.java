package dev.hagate.lab;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import dev.hagate.topology.LabFields;
import dev.hagate.topology.Subnet;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * The container lab: each node is a container (Testcontainers over Podman's Docker-compatible API) from the
 * locally built node image, on the lab's own bridge network with its fixed address from the topology, its own
 * hostname, its own disk ({@code /var/lib} on a named volume that survives power cycles), a fresh {@code /run}
 * and {@code /tmp} at every boot, and its own sshd, through which the runner does everything else, exactly as on
 * the embedded lab. The network is rootful, so this machine holds the subnet's first address on the bridge and
 * reaches the nodes and the VIP directly.
 *
 * <p>Ryuk, Testcontainers' reaper, cannot run here (its image cannot be pulled): every container, network and
 * volume is journaled in the {@link LabDirectory} before it is made, and {@link Labs#down} removes them with the
 * {@code podman} command, which needs no running service, so a killed runner's lab is removed all the same.
 */
public final class ContainerLab extends SshLab {

    public static final String KIND = Topology.LabSpec.CONTAINERS;
    /** Containers on this machine, built and removed here. */
    public static final LabKind DECLARATION = new LabKind(LabFields.CONTAINERS, ContainerLab::up, ContainerLab::attach);
    /** Where each node sees its boot script, sshd configuration and keys (from its directory on this machine). */
    private static final String NODE_CONFIG = "/etc/hagate-node";
    private static final Duration SSH_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PODMAN_TIMEOUT = Duration.ofSeconds(60);
    /** The node's disks: what its services write and must find again after a power cycle. */
    private static final List<String> DISKS = List.of("/var/lib", "/var/log");

    /** Each node's power is its container: killed (power loss), started again with its disks, paused (frozen). */
    private ContainerLab(Topology topology, LabDirectory dir) {
        super(topology);
        for (NodeSpec node : topology.nodes()) {
            connect(node.name(), new SshNodeShell(node.name(), node.address(), dir.privateKey(), dir.knownHosts()));
            powerWith(node.name(), new ContainerPower(node.name(), container(topology, node.name())));
        }
    }

    /** The podman network of a lab: one per topology name. */
    public static String network(Topology topology) {
        return "hagate-" + topology.name();
    }

    /** The container of {@code node}. */
    public static String container(Topology topology, String node) {
        return "hagate-" + topology.name() + "-" + node;
    }

    private static String volume(Topology topology, String node, String disk) {
        return container(topology, node) + disk.replace('/', '-');
    }

    /**
     * Builds the node image when its inputs changed, then the lab's network and nodes, and waits until each
     * node answers over SSH. The caller must already hold the lease.
     *
     * @throws LabException when any step fails; what was made is in the journal for {@link Labs#down}
     */
    public static ContainerLab up(Topology topology, LabDirectory dir) {
        String image = NodeImage.podman(topology.lab().release());
        Subnet subnet = Subnet.parse(topology.lab().subnet());
        NodeFiles.generateKey(dir.privateKey(), "hagate runner");

        String networkName = network(topology);
        // Podman makes the bridge and removes it with the network: it must not be an interface already there.
        HostObject.LINK.requireFree(topology.lab().bridge(), "lab.bridge");
        dir.journalNew(HostObject.PODMAN_NETWORK, networkName, "the topology's name");
        Network network = LabNetwork.create(networkName, subnet, topology.lab().bridge(), labels(topology));

        StringBuilder knownHosts = new StringBuilder();
        List<String> extraHosts = topology.nodes().stream().map(n -> n.name() + ":" + n.address()).toList();
        for (NodeSpec node : topology.nodes()) {
            Path home = dir.node(node.name());
            NodeFiles.generateKey(home.resolve("ssh_host_ed25519_key"), node.name());
            NodeFiles.write(home.resolve("authorized_keys"), NodeFiles.read(Path.of(dir.privateKey() + ".pub")));
            NodeFiles.write(home.resolve("sshd_config"), sshdConfig(node));
            NodeFiles.write(home.resolve("boot.sh"), bootScript(node));
            knownHosts.append(node.address()).append(' ')
                    .append(NodeFiles.read(home.resolve("ssh_host_ed25519_key.pub")).trim()).append('\n');
            startNode(topology, node, image, network, home, extraHosts, dir);
        }
        NodeFiles.write(dir.knownHosts(), knownHosts.toString());

        ContainerLab lab = new ContainerLab(topology, dir);
        for (NodeSpec node : topology.nodes()) {
            lab.awaitSsh(node.name(), SSH_READY_TIMEOUT);
        }
        return lab;
    }

    /** Connects to a lab that is already up. */
    public static ContainerLab attach(Topology topology, LabDirectory dir) {
        return new ContainerLab(topology, dir);
    }

    /**
     * The node's first process after tini (which reaps the services' orphans): what a booting machine does, then
     * its sshd. {@code /run} and {@code /tmp} are new tmpfs at each boot, so no pidfile of the last boot can name
     * a process of this one. The engine gives the container's interface a new MAC address at every start; a
     * NIC keeps its own, and must here too: with a new one, this machine's and the peers' ARP caches would send
     * to the old one for half a minute after a power cycle.
     */
    private static String bootScript(NodeSpec node) {
        return String.join("\n",
                "set -e",
                "ip link set dev eth0 address " + macAddress(node.address()),
                "mkdir -p /run/sshd /run/hagate /var/log/hagate",
                PidfileServiceControl.bootServicesCommand(),
                "exec /usr/sbin/sshd -D -e -f " + NODE_CONFIG + "/sshd_config",
                "");
    }

    private static void startNode(Topology topology, NodeSpec node, String image, Network network, Path home,
                                  List<String> extraHosts, LabDirectory dir) {
        String name = container(topology, node.name());
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(home.toString(), new Volume(NODE_CONFIG), AccessMode.ro));
        for (String disk : DISKS) {
            String volume = volume(topology, node.name(), disk);
            dir.journalNew(HostObject.PODMAN_VOLUME, volume, "the topology's or the node's name");
            // A named volume starts as a copy of the image's directory (the installed packages' files).
            binds.add(new Bind(volume, new Volume(disk)));
        }
        dir.journalNew(HostObject.PODMAN_CONTAINER, name, "the topology's or the node's name");
        @SuppressWarnings("resource") // the container outlives this object; Labs.down removes it
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(imageName -> false)
                .withNetwork(network)
                .withNetworkAliases(node.name())
                .withCommand("/bin/sh", NODE_CONFIG + "/boot.sh")
                .withStartupTimeout(Duration.ofSeconds(60))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(name)
                            .withLabels(labels(topology))
                            .withHostName(node.name())
                            .withIpv4Address(node.address())
                            .withEntrypoint("/usr/bin/tini", "--");
                    cmd.getHostConfig()
                            .withBinds(binds)
                            .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW)
                            // Services bind the VIP on every node (HAProxy), before keepalived has moved it there.
                            .withSysctls(new HashMap<>(Map.of("net.ipv4.ip_nonlocal_bind", "1")))
                            .withTmpFs(new HashMap<>(Map.of("/run", "rw,mode=755", "/tmp", "rw,mode=1777")))
                            .withExtraHosts(extraHosts.toArray(String[]::new));
                });
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new LabException("cannot start container " + name + " for node " + node.name() + ": " + rootCause(e), e);
        }
    }

    /**
     * The lab's own labels, and none of Testcontainers': with Ryuk off, Testcontainers removes everything carrying
     * its session's label when the JVM exits, and a lab must outlive {@code hagate lab up}. {@link Labs#down}
     * removes it instead, from the journal.
     */
    private static Map<String, String> labels(Topology topology) {
        LabLabels labels = new LabLabels();
        labels.put("dev.hagate.lab", topology.name());
        return labels;
    }

    /** Labels that refuse Testcontainers' own (it adds its session's label to the create command last). */
    private static final class LabLabels extends HashMap<String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String put(String key, String value) {
            return key.startsWith("org.testcontainers") ? null : super.put(key, value);
        }

        @Override
        public void putAll(Map<? extends String, ? extends String> entries) {
            entries.forEach(this::put);
        }
    }

    /** A bridge network on the lab's subnet, made through Testcontainers' client without Testcontainers' labels. */
    private record LabNetwork(String id) implements Network {

        static LabNetwork create(String name, Subnet subnet, String bridge, Map<String, String> labels) {
            try {
                String id = DockerClientFactory.instance().client().createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withLabels(labels)
                        .withIpam(new com.github.dockerjava.api.model.Network.Ipam().withConfig(
                                new com.github.dockerjava.api.model.Network.Ipam.Config()
                                        .withSubnet(subnet.toString()).withGateway(subnet.bridgeAddress())))
                        // The bridge's interface name on this machine (Podman takes Docker's option for it).
                        .withOptions(Map.of("com.docker.network.bridge.name", bridge))
                        .exec().getId();
                return new LabNetwork(id);
            } catch (RuntimeException e) {
                throw new LabException("cannot create the podman network " + name + " on " + subnet + ": " + rootCause(e), e);
            }
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void close() {
            // Labs.down removes it, also after a crash.
        }
    }

    /** A locally administered MAC address made of {@code address}'s four bytes. */
    static String macAddress(String address) {
        StringBuilder mac = new StringBuilder("02:48");
        for (String octet : address.split("\\.")) {
            mac.append(String.format(":%02x", Integer.parseInt(octet)));
        }
        return mac.toString();
    }

    private static String sshdConfig(NodeSpec node) {
        return String.join("\n",
                "ListenAddress " + node.address(),
                "HostKey " + NODE_CONFIG + "/ssh_host_ed25519_key",
                "AuthorizedKeysFile " + NODE_CONFIG + "/authorized_keys",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PidFile /run/sshd.pid",
                "MaxSessions 50",
                "MaxStartups 50",
                "AcceptEnv LANG LC_*",
                "");
    }

    /**
     * Waits until {@code node} answers SSH with its own hostname: after the lab is built, and after a power on.
     *
     * @throws LabException when it does not within {@code timeout}
     */
    public void awaitSsh(String node, Duration timeout) {
        Wait.until("node " + node + " answering SSH", timeout)
                .retrying(LabException.class, () -> {
                    String hostname = shell(node).run("hostname", Duration.ofSeconds(5)).trim();
                    if (!hostname.equals(node)) {
                        throw new LabException("node " + node + " answers SSH with hostname '" + hostname + "'");
                    }
                    return hostname;
                }, LabException::new);
    }

    /** Whether a container engine answers Testcontainers here (Podman's service, or Docker). */
    public static boolean engineAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    static void removeContainer(String name) {
        podman("rm", "--force", "--time", "0", "--volumes", "--ignore", name);
    }

    static void removeVolume(String name) {
        if (HostObject.PODMAN_VOLUME.exists(name)) {
            podman("volume", "rm", "--force", name);
        }
    }

    static void removeNetwork(String name) {
        if (HostObject.PODMAN_NETWORK.exists(name)) {
            podman("network", "rm", "--force", name);
        }
    }

    private static ExecResult podmanExec(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return HostCommand.exec(command, PODMAN_TIMEOUT);
    }

    private static void podman(String... args) {
        ExecResult result = podmanExec(args);
        if (!result.ok()) {
            throw new LabException("podman " + String.join(" ", args) + " failed (exit " + result.exitCode() + "): "
                    + result.lastErrorLine());
        }
    }

    /** The exception's message and its innermost cause's, which holds what the engine answered. */
    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String inner = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? inner : e.getMessage() + " (" + inner.trim() + ")";
    }

    /** The node's power: its container killed (power loss), started again with its disks, paused (frozen). */
    @Override
    public ContainerPower power(String node) {
        return (ContainerPower) super.power(node);
    }
}
