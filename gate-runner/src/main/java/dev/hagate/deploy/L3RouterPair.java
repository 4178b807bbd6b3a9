package dev.hagate.deploy;

import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeCommandException;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Service;
import dev.hagate.topology.Subnet;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One router laid out as Neutron's L3 agent lays out an HA router, on the {@code l3-router} nodes, with a
 * client behind it on the {@code l3-client} node. Everything lives in the nodes' own network namespaces and is
 * made over SSH, so it works on any Debian node:
 * <ul>
 *   <li>per node, as the linuxbridge agent does: a bridge per network ({@code brq-ha}, {@code brq-int}) with a
 *       VXLAN device whose flooding entries point at the other nodes of that network (no multicast);</li>
 *   <li>per network node, the router namespace {@code qrouter-<id>} with an {@code ha-} port on the HA network
 *       (its own 169.254.192.x address), a {@code qr-} port on the internal network and a {@code qg-} port on
 *       the lab network, which is the external network (a macvlan on eth0). {@code qr-} and {@code qg-} have the
 *       same MAC on every node, as one Neutron port plugged on each; none of their addresses is configured by
 *       hand: keepalived adds them on the master only (the gateway IP, the external IP and the floating IP);</li>
 *   <li>keepalived per router (service {@value #KEEPALIVED}) from the template {@value #TEMPLATE}, with unicast
 *       adverts over the HA network, and next to it {@value #AGENT}: the per-router part of the L3 agent, which
 *       watches the router namespace's addresses (as neutron-keepalived-state-change does) and logs each change
 *       with its time;</li>
 *   <li>the client, a namespace {@value #CLIENT_NAMESPACE} on the internal network whose default route is the
 *       gateway IP; the master NATs the floating IP to it, so packets from the lab network to the floating IP
 *       cross the master router both ways.</li>
 * </ul>
 * Stateless: everything it knows comes from the topology, so faults and probes make their own instance.
 */
public final class L3RouterPair {

    public static final String ROUTER_ID = "5d0b3f6e-8a41-4c2e-9b7a-2f1e6c9d4a10";
    public static final String NAMESPACE = "qrouter-" + ROUTER_ID;
    public static final String KEEPALIVED = "l3-keepalived";
    public static final String AGENT = "l3-agent";
    public static final String CLIENT_NAMESPACE = "vm-client";
    public static final String TEMPLATE = "l3-keepalived.conf";
    public static final String CONFIG_DIR = "/etc/neutron/ha_confs/" + ROUTER_ID;
    public static final String GATEWAY_IP = Topology.RouterSpec.GATEWAY_IP;
    /** How long asking one node for its gateway state may take. */
    public static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);
    public static final String CLIENT_IP = Topology.RouterSpec.CLIENT_IP;
    static final int INTERNAL_PREFIX = Subnet.parse(Topology.RouterSpec.INTERNAL_SUBNET).prefix();
    static final int VRID = 1;
    private static final String HA_NETWORK = "169.254.192.";
    private static final int HA_PREFIX = 18;
    private static final int HA_VNI = 1001;
    private static final int INTERNAL_VNI = 1002;
    /** 1500 on eth0 less the 50 bytes of VXLAN encapsulation. */
    private static final int OVERLAY_MTU = 1450;
    static final String QR = "qr-7c1e2a904b5";
    static final String QG = "qg-2b8d61f0c3a";
    private static final String QR_MAC = "fa:16:3e:4b:00:01";
    private static final String QG_MAC = "fa:16:3e:4b:00:02";
    private static final Duration MASTER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Three advert intervals of one second and the skew: a second master shows only after that long. */
    private static final Duration VRRP_TAKEOVER = Duration.ofSeconds(4);

    private final Lab lab;
    private final List<NodeSpec> routers;
    private final List<NodeSpec> clients;
    private final Topology topology;

    public L3RouterPair(Lab lab) {
        this(lab, lab.topology());
    }

    /** Without a lab: only what the topology says (the templates' variables). */
    static L3RouterPair of(Topology topology) {
        return new L3RouterPair(null, topology);
    }

    private L3RouterPair(Lab lab, Topology topology) {
        this.lab = lab;
        this.topology = topology;
        this.routers = topology.nodesRunning(Service.L3_ROUTER);
        this.clients = topology.nodesRunning(Service.L3_CLIENT);
    }

    /** Whether the topology has a router at all. */
    public boolean present() {
        return !routers.isEmpty();
    }

    public List<NodeSpec> nodes() {
        return routers;
    }

    public String floatingIp() {
        return topology.router().floatingIp();
    }

    /** The {@code ha-} port of {@code node}'s router: one Neutron port per node on the HA network. */
    static String haPort(NodeSpec node, List<NodeSpec> routers) {
        return "ha-3f0a9c1e-" + (routers.indexOf(node) + 1);
    }

    /**
     * The {@code ha-} port's MAC, the same each time the router is rebuilt on that node, as a Neutron port's is:
     * with a new MAC the peer keeps sending its adverts to the old one (its ARP entry stays reachable for
     * up to a minute), the returning router hears no master and takes the gateway back.
     */
    static String haMac(NodeSpec node, List<NodeSpec> routers) {
        return String.format("fa:16:3e:4b:01:%02x", routers.indexOf(node) + 1);
    }

    static String haAddress(NodeSpec node, List<NodeSpec> routers) {
        return HA_NETWORK + (routers.indexOf(node) + 1);
    }

    /**
     * The variables {@value #TEMPLATE} may use under {@code router.}, besides the usual ones: {@code id},
     * {@code vrid}, {@code ha_interface}, {@code ha_address}, the list {@code ha_peers} (the other routers, each
     * with {@code name} and {@code address} on the HA network), {@code qr_interface}, {@code qg_interface},
     * {@code gateway_ip}, {@code internal_prefix}, {@code external_ip}, {@code floating_ip} and
     * {@code external_gateway} (the lab bridge's address).
     */
    Map<String, Object> templateVariables(NodeSpec node) {
        Map<String, Object> router = new LinkedHashMap<>();
        router.put("id", ROUTER_ID);
        router.put("vrid", VRID);
        router.put("ha_interface", haPort(node, routers));
        router.put("ha_address", haAddress(node, routers));
        router.put("ha_peers", routers.stream().filter(n -> !n.equals(node))
                .map(n -> Map.of("name", n.name(), "address", haAddress(n, routers))).toList());
        router.put("qr_interface", QR);
        router.put("qg_interface", QG);
        router.put("gateway_ip", GATEWAY_IP);
        router.put("internal_prefix", INTERNAL_PREFIX);
        router.put("external_ip", topology.router().externalIp());
        router.put("floating_ip", topology.router().floatingIp());
        router.put("external_gateway", Subnet.parse(topology.lab().subnet()).bridgeAddress());
        return Map.of("router", router);
    }

    /**
     * Plugs the networks, the client and the router on every node, starts keepalived and the agent per router,
     * and waits until exactly one router holds the gateway and the client answers on the floating IP.
     *
     * @param rendered receives the configuration rendered per node (node, then path on the node, then content)
     * @throws DeploymentException when keepalived rejects its configuration, no single master emerges, or
     *                             the client cannot be reached through the router
     */
    public void deploy(Templates templates, Map<String, Map<String, String>> rendered, Consumer<String> progress) {
        if (!present()) {
            return;
        }
        progress.accept("l3-router: plugging the HA and internal networks (VXLAN) on "
                + String.join(", ", names(routers)) + ", the client on " + String.join(", ", names(clients)));
        List<NodeSpec> internal = new ArrayList<>(routers);
        internal.addAll(clients);
        for (NodeSpec node : routers) {
            run(node, overlay("brq-ha", HA_VNI, node, routers) + overlay("brq-int", INTERNAL_VNI, node, internal),
                    "cannot plug the router's networks");
        }
        for (NodeSpec client : clients) {
            run(client, overlay("brq-int", INTERNAL_VNI, client, internal) + clientNamespace(),
                    "cannot plug the client");
        }
        for (NodeSpec node : routers) {
            String path = CONFIG_DIR + "/keepalived.conf";
            String content = templates.render(TEMPLATE, node, Service.L3_ROUTER, templateVariables(node));
            lab.shell(node.name()).write(path, content, "0644");
            rendered.computeIfAbsent(node.name(), n -> new LinkedHashMap<>()).put(path, content);
        }
        progress.accept("l3-router: router " + ROUTER_ID.substring(0, 8) + " on " + String.join(", ", names(routers))
                + ", keepalived and the agent per node");
        for (NodeSpec node : routers) {
            plugRouter(node);
            try {
                // In the router's namespace: keepalived checks that the interfaces it names exist.
                lab.shell(node.name()).run("ip netns exec " + NAMESPACE + " keepalived -t -f " + CONFIG_DIR + "/keepalived.conf");
            } catch (NodeCommandException e) {
                throw new DeploymentException("keepalived rejects the router's configuration on " + node.name() + ": "
                        + e.getMessage(), e);
            }
        }
        routers.forEach(this::startRouterProcesses);
        awaitSingleMaster(MASTER_TIMEOUT);
        awaitClientReachable(MASTER_TIMEOUT);
    }

    /**
     * Removes what {@link #deploy} made, for a deployment again on the same nodes: stops keepalived and the agent
     * on every router node, then deletes the router and client namespaces (with the ports inside), the taps, the
     * bridges and their VXLAN devices. What is already gone is skipped.
     */
    public void remove() {
        List<NodeSpec> internal = new ArrayList<>(routers);
        internal.addAll(clients);
        for (NodeSpec node : internal) {
            boolean router = routers.contains(node);
            if (router) {
                lab.services(node.name()).stop(KEEPALIVED);
                lab.services(node.name()).stop(AGENT);
            }
            List<String> links = router
                    ? List.of("tap" + haPort(node, routers).substring(2), "tap" + QR.substring(2), "brq-ha", "vxlan-" + HA_VNI,
                            "brq-int", "vxlan-" + INTERNAL_VNI)
                    : List.of("tap-vm", "brq-int", "vxlan-" + INTERNAL_VNI);
            StringBuilder script = new StringBuilder("ip netns delete " + (router ? NAMESPACE : CLIENT_NAMESPACE)
                    + " 2>/dev/null || true\n");
            links.forEach(link -> script.append("ip link del ").append(link).append(" 2>/dev/null || true\n"));
            run(node, script.toString(), "cannot remove the router's networks");
        }
    }

    /** A bridge with a VXLAN device flooding to the other members of the network, as the linuxbridge agent makes it. */
    private static String overlay(String bridge, int vni, NodeSpec node, List<NodeSpec> members) {
        StringBuilder s = new StringBuilder();
        String vxlan = "vxlan-" + vni;
        s.append("ip link add ").append(bridge).append(" type bridge\n");
        s.append("ip link add ").append(vxlan).append(" type vxlan id ").append(vni).append(" local ")
                .append(node.address()).append(" dstport 4789 dev eth0\n");
        for (NodeSpec peer : members) {
            if (!peer.equals(node)) {
                s.append("bridge fdb append 00:00:00:00:00:00 dev ").append(vxlan).append(" dst ").append(peer.address()).append('\n');
            }
        }
        s.append("ip link set ").append(vxlan).append(" master ").append(bridge).append(" up\n");
        s.append("ip link set ").append(bridge).append(" up\n");
        return s.toString();
    }

    private static String clientNamespace() {
        String ns = "ip -n " + CLIENT_NAMESPACE + " ";
        return "ip netns add " + CLIENT_NAMESPACE + "\n"
                + "ip link add tap-vm type veth peer name eth0 netns " + CLIENT_NAMESPACE + "\n"
                + "ip link set tap-vm mtu " + OVERLAY_MTU + " master brq-int up\n"
                + ns + "link set lo up\n"
                + ns + "link set eth0 mtu " + OVERLAY_MTU + " up\n"
                + ns + "addr add " + CLIENT_IP + "/" + INTERNAL_PREFIX + " dev eth0\n"
                + ns + "route add default via " + GATEWAY_IP + "\n";
    }

    /**
     * What the L3 agent does for a router when its host (re)starts: a fresh router namespace with its ports
     * plugged and NAT rules in place, then keepalived and the address monitor. Any earlier namespace of the
     * router on that node is removed first, with whatever addresses a dead keepalived left in it.
     */
    public void startRouter(NodeSpec node) {
        plugRouter(node);
        startRouterProcesses(node);
    }

    private void plugRouter(NodeSpec node) {
        String ha = haPort(node, routers);
        String tapHa = "tap" + ha.substring(2);
        String tapQr = "tap" + QR.substring(2);
        String in = "ip netns exec " + NAMESPACE + " ";
        String fip = topology.router().floatingIp();
        String script = "set -e\n"
                + "ip -n " + NAMESPACE + " link del " + QG + " 2>/dev/null || true\n"
                + "ip link del " + tapHa + " 2>/dev/null || true\n"
                + "ip link del " + tapQr + " 2>/dev/null || true\n"
                + "ip netns delete " + NAMESPACE + " 2>/dev/null || true\n"
                + "ip netns add " + NAMESPACE + "\n"
                + "ip -n " + NAMESPACE + " link set lo up\n"
                + in + "sysctl -q -w net.ipv4.ip_forward=1\n"
                // The backup's ports must stay silent: IPv6 autoconfiguration would announce their shared MACs.
                + in + "sysctl -q -w net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true\n"
                + "ip link add " + tapHa + " type veth peer name " + ha + " netns " + NAMESPACE + "\n"
                + "ip link set " + tapHa + " mtu " + OVERLAY_MTU + " master brq-ha up\n"
                + "ip link add " + tapQr + " type veth peer name " + QR + " netns " + NAMESPACE + "\n"
                + "ip link set " + tapQr + " mtu " + OVERLAY_MTU + " master brq-int up\n"
                + "ip link add " + QG + " link eth0 address " + QG_MAC + " type macvlan mode bridge\n"
                + "ip link set " + QG + " netns " + NAMESPACE + "\n"
                + "ip -n " + NAMESPACE + " link set " + QR + " address " + QR_MAC + "\n"
                + "ip -n " + NAMESPACE + " link set " + ha + " address " + haMac(node, routers) + "\n"
                + "ip -n " + NAMESPACE + " link set " + ha + " mtu " + OVERLAY_MTU + " up\n"
                + "ip -n " + NAMESPACE + " link set " + QR + " mtu " + OVERLAY_MTU + " up\n"
                + "ip -n " + NAMESPACE + " link set " + QG + " up\n"
                + "ip -n " + NAMESPACE + " addr add " + haAddress(node, routers) + "/" + HA_PREFIX + " dev " + ha + "\n"
                + in + "iptables -t nat -A PREROUTING -d " + fip + "/32 -j DNAT --to-destination " + CLIENT_IP + "\n"
                + in + "iptables -t nat -A POSTROUTING -s " + CLIENT_IP + "/32 -o " + QG + " -j SNAT --to-source " + fip + "\n"
                + in + "iptables -t nat -A POSTROUTING -s " + GATEWAY_IP + "/" + INTERNAL_PREFIX + " -o " + QG
                + " -j SNAT --to-source " + topology.router().externalIp() + "\n";
        run(node, script, "cannot build the router namespace");
    }

    private void startRouterProcesses(NodeSpec node) {
        String conf = CONFIG_DIR + "/keepalived.conf";
        lab.services(node.name()).start(AGENT, List.of("/usr/sbin/ip", "netns", "exec", NAMESPACE,
                "/usr/sbin/ip", "-ts", "-o", "monitor", "address"));
        lab.services(node.name()).start(KEEPALIVED, List.of("/usr/sbin/ip", "netns", "exec", NAMESPACE,
                "/usr/sbin/keepalived", "--dont-fork", "--log-console", "--log-detail", "--vrrp",
                "--use-file=" + conf, "--pid=/run/hagate/" + KEEPALIVED + "-main.pid",
                "--vrrp_pid=/run/hagate/" + KEEPALIVED + "-vrrp.pid"));
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        for (String service : List.of(AGENT, KEEPALIVED)) {
            if (!lab.services(node.name()).isRunning(service)) {
                String log = lab.shell(node.name()).exec("tail -n 3 /var/log/hagate/" + service + ".log",
                        NodeShell.DEFAULT_TIMEOUT).stdout();
                throw new DeploymentException(service + " exited right after starting on " + node.name() + ": " + log.trim());
            }
        }
    }

    /**
     * SIGKILLs the router's keepalived (its VRRP child with it, in one signal round) and its agent on
     * {@code node}, as when the agent's host dies. The addresses keepalived had added stay where they were.
     *
     * @return whether keepalived was running
     */
    public boolean killRouterProcesses(NodeSpec node) {
        String kill = "pids=''; for s in " + KEEPALIVED + " " + AGENT + "; do"
                + " p=$(cat /run/hagate/$s.pid 2>/dev/null) || continue; kill -0 \"$p\" 2>/dev/null || continue;"
                + " pids=\"$pids $(cat /proc/$p/task/*/children 2>/dev/null) $p\"; done;"
                + " [ -n \"$pids\" ] && kill -9 $pids && echo $pids";
        ExecResult result = lab.shell(node.name()).exec(kill, NodeShell.DEFAULT_TIMEOUT);
        return result.ok();
    }

    /** Takes the router's ports on {@code node} down, as its host's network cards going dark with the host. */
    public void cutPorts(NodeSpec node) {
        String down = "ip -n " + NAMESPACE + " link set ";
        run(node, down + QG + " down\n" + down + QR + " down\n" + down + haPort(node, routers) + " down\n",
                "cannot take the router's ports down");
    }

    /**
     * How each router node answers for the gateway IP right now.
     *
     * @param answering the gateway IP is on its {@code qr-} port and the port is up: it answers ARP for it
     * @param stale     the gateway IP is configured on a port that is down (a dead router's leftover)
     */
    public record GatewayState(String node, boolean answering, boolean stale) {}

    public List<GatewayState> gatewayStates() {
        List<GatewayState> states = new ArrayList<>();
        for (NodeSpec node : routers) {
            ExecResult r = lab.shell(node.name()).exec("ip -n " + NAMESPACE + " -br -4 addr show dev " + QR + " 2>/dev/null",
                    STATE_TIMEOUT);
            String line = r.ok() ? r.stdout().trim() : "";
            boolean has = line.contains(" " + GATEWAY_IP + "/");
            // -br prints "name state addresses"; a port whose link is down shows DOWN (or LOWERLAYERDOWN).
            boolean up = line.matches("\\S+\\s+(UP|UNKNOWN)\\s.*");
            states.add(new GatewayState(node.name(), has && up, has && !up));
        }
        return states;
    }

    /** The router nodes answering for the gateway IP right now: more than one is a split brain. */
    public List<String> gatewayHolders() {
        return gatewayStates().stream().filter(GatewayState::answering).map(GatewayState::node).toList();
    }

    /**
     * Waits until exactly one router answers for the gateway, and stays the only one for as long as a backup
     * needs to take over (a split brain shows only once each has timed out).
     *
     * @return the master's node
     * @throws DeploymentException naming the holders when that does not happen within {@code timeout}
     */
    public String awaitSingleMaster(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> holders = List.of();
        List<String> previous = null;
        while (System.nanoTime() < deadline) {
            holders = gatewayHolders();
            if (holders.size() == 1 && holders.equals(previous)) {
                return holders.get(0);
            }
            previous = holders.size() == 1 ? holders : null;
            LockSupport.parkNanos((previous == null ? POLL : VRRP_TAKEOVER).toNanos());
        }
        throw new DeploymentException("l3-router: the gateway " + GATEWAY_IP + " should be held by exactly one router, but "
                + (holders.isEmpty() ? "no router holds it" : "it is held by " + String.join(", ", holders)
                + (holders.size() > 1 ? " (split brain)" : " only briefly")) + " after " + timeout.toSeconds() + " s");
    }

    private void awaitClientReachable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            InetAddress fip = InetAddress.getByName(floatingIp());
            while (System.nanoTime() < deadline) {
                if (fip.isReachable(500)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot send ICMP from the runner to " + floatingIp() + ": " + e.getMessage(), e);
        }
        throw new DeploymentException("l3-router: the client " + CLIENT_IP + " does not answer on the floating IP "
                + floatingIp() + " through the router within " + timeout.toSeconds() + " s");
    }

    private void run(NodeSpec node, String script, String meaning) {
        ExecResult r = lab.shell(node.name()).exec("/bin/sh -e", script, NodeShell.DEFAULT_TIMEOUT);
        if (!r.ok()) {
            throw new LabException(meaning + " on " + node.name() + ": " + r.lastErrorLine());
        }
    }

    private static List<String> names(List<NodeSpec> nodes) {
        return nodes.stream().map(NodeSpec::name).toList();
    }
}
