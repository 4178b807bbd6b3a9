package dev.hagate.lab;

import dev.hagate.topology.LabFields;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab of virtual machines on a libvirt host ({@code lab.kind: libvirt}): each node a domain booting from a
 * copy-on-write overlay over a Debian 12 base image, reached over SSH on its address with the runner's key,
 * exactly as the embedded lab's nodes are. Once deployed, the nodes are snapshotted together; between
 * scenarios they are reverted to that snapshot (as Fuel's devops labs did), so each scenario starts from the
 * same deployed cloud. The domain lifecycle is {@link LibvirtDomains}; this class adds SSH.
 */
public final class LibvirtLab extends SshLab {

    /** Virtual machines on a libvirt host, defined and removed here. */
    public static final LabKind DECLARATION = new LabKind(LabFields.LIBVIRT, LibvirtLab::up, LibvirtLab::attach);

    /** A cold boot of a cloud image, first-boot growpart and host keys included. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);
    /** A revert resumes the guests where they were: SSH answers again within seconds. */
    private static final Duration REVERT_TIMEOUT = Duration.ofMinutes(2);
    /** The Debian packages' own units: on lab nodes the deployer starts these services itself. */
    private static final List<String> PACKAGED_UNITS = List.of("mariadb", "haproxy", "keepalived");

    private final Topology topology;
    private final LabDirectory dir;
    private final LibvirtDomains domains;

    /** Each node's power is its domain, through libvirt: off is a hard power-off. */
    private LibvirtLab(Topology topology, LabDirectory dir) {
        super(topology);
        this.topology = topology;
        this.dir = dir;
        this.domains = new LibvirtDomains(topology, dir);
        for (NodeSpec node : topology.nodes()) {
            powerWith(node.name(), new LibvirtPower(node.name(), node.domain(), domains.uri()));
        }
    }

    /**
     * Defines and boots every node, waits until each answers SSH, and prepares it (hostname, hosts, the
     * packaged services' units disabled). The caller must already hold the lease.
     *
     * @throws LabException when any step fails; what was made is in the journal for {@link Labs#down}
     */
    public static LibvirtLab up(Topology topology, LabDirectory dir) {
        Path key = Path.of(topology.lab().libvirt().sshKey());
        if (!Files.isReadable(key)) {
            throw new LabException("the runner's SSH key " + key + " (lab.libvirt.ssh-key) is not readable");
        }
        LibvirtLab lab = new LibvirtLab(topology, dir);
        for (NodeSpec node : topology.nodes()) {
            lab.domains.define(node);
        }
        for (NodeSpec node : topology.nodes()) {
            lab.domains.start(node);
        }
        lab.trustHostKeys(BOOT_TIMEOUT);
        for (NodeSpec node : topology.nodes()) {
            lab.awaitSsh(node, BOOT_TIMEOUT);
            lab.prepare(node);
        }
        return lab;
    }

    /** Connects to a lab that is already up. */
    public static LibvirtLab attach(Topology topology, LabDirectory dir) {
        LibvirtLab lab = new LibvirtLab(topology, dir);
        lab.openShells();
        return lab;
    }

    public LibvirtDomains domains() {
        return domains;
    }

    /** Snapshots every node, memory included, at one moment: the state {@link #revertToDeployed} returns to. */
    @Override
    public void snapshotDeployed() {
        dir.build(() -> {
            domains.snapshotAll(topology.nodes(), LibvirtDomains.DEPLOYED);
            return null;
        });
    }

    /**
     * Reverts every node to the snapshot {@link #snapshotDeployed} took, resumes them together, waits until
     * each answers SSH again and sets its clock (the guests' clocks stand where the snapshot left them).
     */
    @Override
    public boolean revertToDeployed() {
        domains.revertAll(topology.nodes(), LibvirtDomains.DEPLOYED);
        // The runner's sessions belong to the guests' past: open new ones.
        closeShells();
        for (NodeSpec node : topology.nodes()) {
            awaitSsh(node, REVERT_TIMEOUT);
            shell(node.name()).run("date -u -s @" + Instant.now().getEpochSecond() + " >/dev/null");
        }
        return true;
    }

    /** Learns each node's host key once it listens on port 22 (a fresh cloud image makes its keys at first boot). */
    private void trustHostKeys(Duration timeout) {
        StringBuilder knownHosts = new StringBuilder();
        // The nodes boot together: one deadline for all of them.
        long start = System.nanoTime();
        for (NodeSpec node : topology.nodes()) {
            String keys = Wait.until("node " + node.name() + " (libvirt domain '" + node.domain() + "' on " + domains.uri()
                            + ") opening SSH on " + node.address() + " with its host key", Wait.remaining(start, timeout))
                    .pollingEvery(Duration.ofSeconds(1))
                    .on(() -> hostKeys(node), message -> new LabException(message + "; does the DHCP of network '"
                            + topology.lab().libvirt().networks().get(0) + "' give MAC " + node.mac() + " the address "
                            + node.address() + "?"));
            keys.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> knownHosts.append(l).append('\n'));
        }
        try {
            Files.createDirectories(dir.knownHosts().getParent());
            Files.writeString(dir.knownHosts(), knownHosts.toString());
        } catch (IOException e) {
            throw new LabException("cannot write " + dir.knownHosts() + ": " + e.getMessage(), e);
        }
        openShells();
    }

    private void openShells() {
        Path key = Path.of(topology.lab().libvirt().sshKey());
        for (NodeSpec node : topology.nodes()) {
            connect(node.name(), new SshNodeShell(node.name(), node.address(), key, dir.knownHosts()));
        }
    }

    /** The node's ed25519 host key, once its SSH server listens and has made it. */
    private static Seen<String> hostKeys(NodeSpec node) {
        if (!listens(node.address(), 22)) {
            return Seen.notYet("nothing listening on port 22");
        }
        String keys = HostCommand.exec(List.of("ssh-keyscan", "-T", "5", "-t", "ed25519", node.address()),
                Duration.ofSeconds(15)).stdout();
        return keys.isBlank() ? Seen.notYet("no host key from ssh-keyscan") : Seen.done(keys);
    }

    private static boolean listens(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitSsh(NodeSpec node, Duration timeout) {
        Wait.until("node " + node.name() + " (" + node.address() + ") answering SSH", timeout)
                .pollingEvery(Duration.ofSeconds(1))
                .retrying(LabException.class, () -> shell(node.name()).run("true", Duration.ofSeconds(10)), LabException::new);
    }

    /**
     * Makes a booted image a lab node: its name, the other nodes' names, and nothing of the lab's started by
     * its init (neither cloud-init nor the packages' units).
     */
    private void prepare(NodeSpec node) {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        topology.nodes().forEach(n -> hosts.append(n.address()).append(' ').append(n.name()).append('\n'));
        NodeShell shell = shell(node.name());
        shell.write("/etc/hosts", hosts.toString(), "644");
        // cloud-init would rename the node and rewrite its hosts at the next power-on.
        List<String> args = new ArrayList<>(List.of(node.name()));
        args.addAll(PACKAGED_UNITS);
        shell.run(ShellWords.script("name=$1; shift; hostname \"$name\" && echo \"$name\" > /etc/hostname"
                + " && mkdir -p /etc/cloud && touch /etc/cloud/cloud-init.disabled"
                + " && for u in \"$@\"; do systemctl disable --now \"$u\" >/dev/null 2>&1 || true; done",
                args.toArray(String[]::new)));
    }
}
