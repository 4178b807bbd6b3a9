package dev.hagate.lab;

import dev.hagate.topology.LabFields;
import dev.hagate.topology.Subnet;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded lab: each node is a network namespace on a bridge, with its own hostname (UTS namespace) and its
 * own root: an overlay over the node image's tree ({@link NodeImage}) with the node's own upper directory (its
 * disk), entered by chroot in the node's private mount namespace, with its own /run, /tmp and /root. The node's
 * programs come from the image, never from the host. Its first process is its own sshd, through which the runner
 * does everything else: every session, and so every service started over SSH, shares the node's namespaces and root.
 */
public final class NetnsLab extends SshLab {

    /** Namespaces on this machine, built and removed here. */
    public static final LabKind DECLARATION = new LabKind(LabFields.NETNS, NetnsLab::up, NetnsLab::attach);

    /** Where the node's own files live inside its root (under /etc, which is on the node's disk). */
    private static final String NODE_FILES = "/etc/hagate/node";
    private static final Duration SSH_READY_TIMEOUT = Duration.ofSeconds(20);
    static final String NETNS_DIR = "/run/netns";

    /** Each node's power is its simulated BMC (OpenIPMI's ipmi_sim on 127.0.0.1), driven with ipmitool like a real one. */
    private NetnsLab(Topology topology, LabDirectory dir) {
        super(topology);
        for (NodeSpec node : topology.nodes()) {
            connect(node.name(), new SshNodeShell(node.name(), node.address(), dir.privateKey(), dir.knownHosts()));
            powerWith(node.name(), new IpmiPower(node.name(), "127.0.0.1", bmcPort(topology, node), SimulatedBmc.USER,
                    SimulatedBmc.passwordFile(dir)));
        }
    }

    public static String namespace(String node) {
        return "hagate-" + node;
    }

    /** The host's end of the node's link to the bridge. */
    static String hostLink(String node) {
        return "hgv-" + node;
    }

    /** The node's BMC port on 127.0.0.1: the topology's first BMC port plus the node's place in the file. */
    public static int bmcPort(Topology topology, NodeSpec node) {
        return topology.lab().bmcPort() + topology.nodes().indexOf(node);
    }

    /** The command that boots the node: its first process in its own namespaces (see {@link #bootScript}). */
    private static List<String> bootCommand(NodeSpec node, Path home) {
        return List.of("ip", "netns", "exec", namespace(node.name()), "unshare", "--uts", "--mount", "--propagation",
                "private", "--", "/bin/sh", home.resolve("boot.sh").toString());
    }

    /**
     * Builds the lab's nodes and waits until each answers over SSH. The caller must already hold the lease.
     *
     * @throws LabException when any step fails; what was made is in the journal for {@link Labs#down}
     */
    public static NetnsLab up(Topology topology, LabDirectory dir) {
        Subnet subnet = Subnet.parse(topology.lab().subnet());
        NodeImage image = NodeImage.of(topology.lab().release());
        NodeFiles.generateKey(dir.privateKey(), "hagate runner");
        // `ip netns add` bind-mounts /run/netns onto itself the first time it is used on a machine;
        // when this lab is that first user, the mount is the lab's to remove too.
        if (!HostCommand.exec(List.of("mountpoint", "-q", NETNS_DIR), Duration.ofSeconds(5)).ok()) {
            dir.journal("netns-mount", NETNS_DIR);
        }
        String bridge = topology.lab().bridge();
        dir.journalNew(HostObject.LINK, bridge, "lab.bridge");
        HostCommand.run("ip", "link", "add", bridge, "type", "bridge");
        HostCommand.run("ip", "addr", "add", subnet.bridgeAddress() + "/" + subnet.prefix(), "dev", bridge);
        HostCommand.run("ip", "link", "set", bridge, "up");

        StringBuilder knownHosts = new StringBuilder();
        for (NodeSpec node : topology.nodes()) {
            createNode(topology, node, subnet, dir, image);
            String hostKey = NodeFiles.read(dir.node(node.name()).resolve("ssh_host_ed25519_key.pub"));
            knownHosts.append(node.address()).append(' ').append(hostKey.trim()).append('\n');
        }
        NodeFiles.write(dir.knownHosts(), knownHosts.toString());

        NetnsLab lab = new NetnsLab(topology, dir);
        for (NodeSpec node : topology.nodes()) {
            lab.awaitSsh(node);
        }
        for (NodeSpec node : topology.nodes()) {
            SimulatedBmc.start(dir, new SimulatedBmc.NodeBoot(node.name(), namespace(node.name()), hostLink(node.name()),
                    node.address(), subnet.prefix(), dir.node(node.name()), bootCommand(node, dir.node(node.name()))),
                    bmcPort(topology, node));
        }
        return lab;
    }

    /** Connects to a lab that is already up. */
    public static NetnsLab attach(Topology topology, LabDirectory dir) {
        return new NetnsLab(topology, dir);
    }

    private static void createNode(Topology topology, NodeSpec node, Subnet subnet, LabDirectory dir, NodeImage image) {
        String ns = namespace(node.name());
        String veth = hostLink(node.name());
        Path home = dir.node(node.name());
        dir.journalNew(HostObject.NETNS, ns, "the node's name");
        HostCommand.run("ip", "netns", "add", ns);
        dir.journalNew(HostObject.LINK, veth, "the node's name");
        HostCommand.run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        HostCommand.run("ip", "link", "set", veth, "master", topology.lab().bridge(), "up");
        HostCommand.run("ip", "-n", ns, "addr", "add", node.address() + "/" + subnet.prefix(), "dev", "eth0");
        HostCommand.run("ip", "-n", ns, "link", "set", "eth0", "up");
        HostCommand.run("ip", "-n", ns, "link", "set", "lo", "up");
        // Services bind the VIP on every node (HAProxy), before keepalived has moved it there.
        HostCommand.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_nonlocal_bind=1");

        try {
            for (String d : List.of("root", "root.upper", "root.work")) {
                Files.createDirectories(home.resolve(d));
            }
        } catch (IOException e) {
            throw new LabException("cannot create the directories of node " + node.name() + " in " + home, e);
        }
        NodeFiles.generateKey(home.resolve("ssh_host_ed25519_key"), node.name());
        NodeFiles.write(home.resolve("authorized_keys"), NodeFiles.read(Path.of(dir.privateKey() + ".pub")));
        NodeFiles.write(home.resolve("sshd_config"), sshdConfig(node));
        NodeFiles.write(home.resolve("hosts"), hosts(topology));
        NodeFiles.write(home.resolve("boot.sh"), bootScript(node, home, image));

        try {
            // setsid: the node must outlive the command that made it, and ignore the runner's Ctrl-C.
            List<String> command = new ArrayList<>(List.of("setsid"));
            command.addAll(bootCommand(node, home));
            new ProcessBuilder(command)
                    .redirectInput(new java.io.File("/dev/null"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new LabException("cannot start node " + node.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The node's first process: mount its root (the image's tree under the node's own disk) with its own /run,
     * /tmp and /root, then chroot into it and become its sshd. Only the node's files (host key, authorized key,
     * sshd configuration, hosts) are copied in from the lab's directory.
     */
    private static String bootScript(NodeSpec node, Path home, NodeImage image) {
        String root = home.resolve("root").toString();
        StringBuilder s = new StringBuilder("set -e\n");
        s.append("hostname ").append(node.name()).append('\n');
        s.append("root=").append(root).append('\n');
        s.append("mount -t overlay overlay -o lowerdir=").append(image.rootfs())
                .append(",upperdir=").append(home.resolve("root.upper"))
                .append(",workdir=").append(home.resolve("root.work")).append(" \"$root\"\n");
        s.append("mount -t proc proc \"$root/proc\"\n");
        // The node's network namespace's own sysfs, which `ip netns exec` mounted on /sys.
        s.append("mount --rbind /sys \"$root/sys\"\n");
        s.append("mount --rbind /dev \"$root/dev\"\n");
        s.append("mount -t tmpfs -o mode=755 tmpfs \"$root/run\"\n");
        // root's own home, as on a fresh machine.
        s.append("mount -t tmpfs -o mode=700 tmpfs \"$root/root\"\n");
        // Its own /tmp: MariaDB removes temporary files it finds there at start.
        s.append("mount -t tmpfs -o mode=1777 tmpfs \"$root/tmp\"\n");
        s.append("mkdir -p \"$root/run/sshd\" \"$root/run/hagate\" \"$root/var/log/hagate\" \"$root").append(NODE_FILES).append("\"\n");
        for (String file : List.of("ssh_host_ed25519_key", "ssh_host_ed25519_key.pub", "authorized_keys", "sshd_config")) {
            s.append("cp ").append(home.resolve(file)).append(" \"$root").append(NODE_FILES).append('/').append(file).append("\"\n");
        }
        s.append("echo ").append(node.name()).append(" > \"$root/etc/hostname\"\n");
        s.append("cat ").append(home.resolve("hosts")).append(" > \"$root/etc/hosts\"\n");
        // Booted again after a power loss: the services registered to start at boot come back by themselves.
        s.append("exec chroot \"$root\" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root /bin/sh -c ")
                .append(ShellWords.quote(PidfileServiceControl.bootServicesCommand()
                        + "\nexec /usr/sbin/sshd -D -e -f " + NODE_FILES + "/sshd_config")).append('\n');
        return s.toString();
    }

    private static String sshdConfig(NodeSpec node) {
        return String.join("\n",
                "ListenAddress " + node.address(),
                "HostKey " + NODE_FILES + "/ssh_host_ed25519_key",
                "AuthorizedKeysFile " + NODE_FILES + "/authorized_keys",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PidFile /run/sshd.pid",
                "MaxSessions 50",
                "MaxStartups 50",
                "AcceptEnv LANG LC_*",
                "") ;
    }

    private static String hosts(Topology topology) {
        StringBuilder s = new StringBuilder("127.0.0.1 localhost\n");
        topology.nodes().forEach(n -> s.append(n.address()).append(' ').append(n.name()).append('\n'));
        return s.toString();
    }

    private void awaitSsh(NodeSpec node) {
        Wait.until("node " + node.name() + " (" + node.address() + ") answering SSH", SSH_READY_TIMEOUT)
                .pollingEvery(Duration.ofMillis(100))
                .retrying(LabException.class, () -> {
                    String hostname = shell(node.name()).run("hostname", Duration.ofSeconds(5)).trim();
                    if (!hostname.equals(node.name())) {
                        throw new LabException("node " + node.name() + " answers SSH with hostname '" + hostname + "'");
                    }
                    return hostname;
                }, LabException::new);
    }

    /** Kills every process of the node (as a power loss would), then deletes the namespace. */
    static void removeNamespace(String ns) {
        if (!HostObject.NETNS.exists(ns)) {
            return;
        }
        Set<String> hostnames = new HashSet<>();
        Wait.until("the processes of " + ns + " gone after SIGKILL", Duration.ofSeconds(15))
                .pollingEvery(Duration.ofMillis(50))
                .on(() -> {
                    List<String> pids = processesOf(ns, hostnames);
                    if (pids.isEmpty()) {
                        return Seen.done(Boolean.TRUE);
                    }
                    List<String> kill = new ArrayList<>(List.of("kill", "-9"));
                    kill.addAll(pids);
                    HostCommand.exec(kill, Duration.ofSeconds(5));
                    return Seen.notYet("processes " + String.join(" ", pids) + " still there");
                }, LabException::new);
        HostCommand.run("ip", "netns", "delete", ns);
    }

    /**
     * The processes of a node: those in its network namespace, and those in namespaces the node made inside
     * itself (a router's, a client's), which share its hostname (UTS namespace) but not its network namespace.
     * {@code utsNamespaces} collects the node's UTS namespaces across calls; the runner's own is never one.
     */
    private static List<String> processesOf(String ns, Set<String> utsNamespaces) {
        List<String> pids = new ArrayList<>(HostCommand.run("ip", "netns", "pids", ns).lines()
                .map(String::trim).filter(p -> !p.isEmpty()).toList());
        String own = utsNamespace("self");
        for (String pid : pids) {
            String uts = utsNamespace(pid);
            if (uts != null && !uts.equals(own)) {
                utsNamespaces.add(uts);
            }
        }
        if (!utsNamespaces.isEmpty()) {
            try (var proc = Files.list(Path.of("/proc"))) {
                proc.map(p -> p.getFileName().toString()).filter(p -> p.matches("\\d+") && !pids.contains(p))
                        .filter(p -> utsNamespaces.contains(utsNamespace(p))).forEach(pids::add);
            } catch (IOException e) {
                throw new LabException("cannot list processes in /proc: " + e.getMessage(), e);
            }
        }
        return pids;
    }

    private static String utsNamespace(String pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "ns", "uts")).toString();
        } catch (IOException e) {
            return null; // the process is gone
        }
    }

    /** Unmounts the namespaces' directory, unless namespaces other than the lab's still live there. */
    static void removeNetnsMount(String path) {
        if (HostCommand.run("ip", "netns", "list").isBlank()
                && HostCommand.exec(List.of("mountpoint", "-q", path), Duration.ofSeconds(5)).ok()) {
            HostCommand.run("umount", path);
            HostCommand.exec(List.of("rmdir", path), Duration.ofSeconds(5));
        }
    }

    static void removeLink(String link) {
        if (HostObject.LINK.exists(link)) {
            HostCommand.run("ip", "link", "delete", link);
        }
    }

}
