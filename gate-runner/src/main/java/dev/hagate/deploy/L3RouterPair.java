package dev.hagate.deploy;

import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeCommandException;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
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
 *   <li>keepalived per router (service {@value RouterLayout#KEEPALIVED}) from the template {@value #TEMPLATE},
 *       with unicast adverts over the HA network, and next to it {@value RouterLayout#AGENT}: the per-router part
 *       of the L3 agent, which watches the router namespace's addresses (as neutron-keepalived-state-change does)
 *       and logs each change with its time;</li>
 *   <li>the client, a namespace {@value RouterLayout#CLIENT_NAMESPACE} on the internal network whose default
 *       route is the gateway IP; the master NATs the floating IP to it, so packets from the lab network to the
 *       floating IP cross the master router both ways.</li>
 * </ul>
 * This class deploys and removes it; where each part lives is {@link RouterLayout}, who holds the gateway
 * {@link RouterGateway}. Stateless: everything it knows comes from the topology.
 */
public final class L3RouterPair {

    public static final String TEMPLATE = "l3-keepalived.conf";
    public static final String CONFIG_DIR = "/etc/neutron/ha_confs/" + RouterLayout.ROUTER_ID;
    private static final String CONFIG = CONFIG_DIR + "/keepalived.conf";
    static final int VRID = 1;
    private static final Duration MASTER_TIMEOUT = Duration.ofSeconds(30);
    /** How long a just started keepalived or agent gets to show it exits at once (a bad option, a missing port). */
    private static final Duration START_GRACE = Duration.ofMillis(300);
    private static final String NAMESPACE = RouterLayout.NAMESPACE;

    /**
     * A bridge with a VXLAN device flooding to the other members of the network (the addresses after the
     * first four arguments), as the linuxbridge agent makes it. Arguments: bridge, VXLAN device, VNI, local address.
     */
    private static final String OVERLAY = """
            bridge=$1 vxlan=$2 vni=$3 local=$4
            shift 4
            ip link add "$bridge" type bridge
            ip link add "$vxlan" type vxlan id "$vni" local "$local" dstport 4789 dev eth0
            for peer in "$@"; do bridge fdb append 00:00:00:00:00:00 dev "$vxlan" dst "$peer"; done
            ip link set "$vxlan" master "$bridge" up
            ip link set "$bridge" up
            """;

    /** The client's namespace on the internal bridge. Arguments: namespace, MTU, address/prefix, gateway. */
    private static final String CLIENT = """
            ip netns add "$1"
            ip link add tap-vm type veth peer name eth0 netns "$1"
            ip link set tap-vm mtu "$2" master brq-int up
            ip -n "$1" link set lo up
            ip -n "$1" link set eth0 mtu "$2" up
            ip -n "$1" addr add "$3" dev eth0
            ip -n "$1" route add default via "$4"
            """;

    /**
     * A fresh router namespace with its ports and NAT rules. Arguments: namespace, ha- port, its tap, qr- port, its
     * tap, qg- port, qg- MAC, qr- MAC, ha- MAC, MTU, ha- address/prefix, floating IP, client IP, internal
     * network (gateway/prefix), external IP.
     */
    private static final String ROUTER = """
            ns=$1 ha=$2 tap_ha=$3 qr=$4 tap_qr=$5 qg=$6 qg_mac=$7 qr_mac=$8 ha_mac=$9
            shift 9
            mtu=$1 ha_address=$2 fip=$3 client=$4 internal=$5 external=$6
            ip -n "$ns" link del "$qg" 2>/dev/null || true
            ip link del "$tap_ha" 2>/dev/null || true
            ip link del "$tap_qr" 2>/dev/null || true
            ip netns delete "$ns" 2>/dev/null || true
            ip netns add "$ns"
            ip -n "$ns" link set lo up
            ip netns exec "$ns" sysctl -q -w net.ipv4.ip_forward=1
            # The backup's ports must stay silent: IPv6 autoconfiguration would announce their shared MACs.
            ip netns exec "$ns" sysctl -q -w net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true
            ip link add "$tap_ha" type veth peer name "$ha" netns "$ns"
            ip link set "$tap_ha" mtu "$mtu" master brq-ha up
            ip link add "$tap_qr" type veth peer name "$qr" netns "$ns"
            ip link set "$tap_qr" mtu "$mtu" master brq-int up
            ip link add "$qg" link eth0 address "$qg_mac" type macvlan mode bridge
            ip link set "$qg" netns "$ns"
            ip -n "$ns" link set "$qr" address "$qr_mac"
            ip -n "$ns" link set "$ha" address "$ha_mac"
            ip -n "$ns" link set "$ha" mtu "$mtu" up
            ip -n "$ns" link set "$qr" mtu "$mtu" up
            ip -n "$ns" link set "$qg" up
            ip -n "$ns" addr add "$ha_address" dev "$ha"
            ip netns exec "$ns" iptables -t nat -A PREROUTING -d "$fip/32" -j DNAT --to-destination "$client"
            ip netns exec "$ns" iptables -t nat -A POSTROUTING -s "$client/32" -o "$qg" -j SNAT --to-source "$fip"
            ip netns exec "$ns" iptables -t nat -A POSTROUTING -s "$internal" -o "$qg" -j SNAT --to-source "$external"
            """;

    /** Removes a namespace and links, whichever exist. Arguments: the namespace, then the links. */
    private static final String REMOVE = """
            ip netns delete "$1" 2>/dev/null || true
            shift
            for link in "$@"; do ip link del "$link" 2>/dev/null || true; done
            """;

    private final Lab lab;
    private final RouterLayout layout;

    public L3RouterPair(Lab lab) {
        this(lab, new RouterLayout(lab.topology()));
    }

    /** Without a lab: only what the topology says (the templates' variables). */
    static L3RouterPair of(Topology topology) {
        return new L3RouterPair(null, new RouterLayout(topology));
    }

    private L3RouterPair(Lab lab, RouterLayout layout) {
        this.lab = lab;
        this.layout = layout;
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
        router.put("id", RouterLayout.ROUTER_ID);
        router.put("vrid", VRID);
        router.put("ha_interface", layout.haPort(node));
        router.put("ha_address", layout.haAddress(node));
        router.put("ha_peers", layout.routers().stream().filter(n -> !n.equals(node))
                .map(n -> Map.of("name", n.name(), "address", layout.haAddress(n))).toList());
        router.put("qr_interface", RouterLayout.QR);
        router.put("qg_interface", RouterLayout.QG);
        router.put("gateway_ip", RouterLayout.GATEWAY_IP);
        router.put("internal_prefix", RouterLayout.INTERNAL_PREFIX);
        router.put("external_ip", layout.externalIp());
        router.put("floating_ip", layout.floatingIp());
        router.put("external_gateway", layout.externalGateway());
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
        if (!layout.present()) {
            return;
        }
        List<NodeSpec> routers = layout.routers();
        progress.accept("l3-router: plugging the HA and internal networks (VXLAN) on "
                + String.join(", ", names(routers)) + ", the client on " + String.join(", ", names(layout.clients())));
        plugNetworks();
        for (NodeSpec node : routers) {
            String content = templates.render(TEMPLATE, node, Service.L3_ROUTER, templateVariables(node));
            lab.shell(node.name()).write(CONFIG, content, "0644");
            rendered.computeIfAbsent(node.name(), n -> new LinkedHashMap<>()).put(CONFIG, content);
        }
        progress.accept("l3-router: router " + RouterLayout.ROUTER_ID.substring(0, 8) + " on "
                + String.join(", ", names(routers)) + ", keepalived and the agent per node");
        for (NodeSpec node : routers) {
            plugRouter(node);
            try {
                // In the router's namespace: keepalived checks that the interfaces it names exist.
                lab.shell(node.name()).run(ShellWords.command("ip", "netns", "exec", NAMESPACE, "keepalived", "-t", "-f", CONFIG));
            } catch (NodeCommandException e) {
                throw new DeploymentException("keepalived rejects the router's configuration on " + node.name() + ": "
                        + e.getMessage(), e);
            }
        }
        routers.forEach(this::startRouterProcesses);
        RouterGateway gateway = new RouterGateway(lab);
        gateway.awaitSingleMaster(MASTER_TIMEOUT);
        gateway.awaitClientReachable(MASTER_TIMEOUT);
    }

    /** The HA network on the routers, the internal network on the routers and the client, and the client on it. */
    void plugNetworks() {
        List<NodeSpec> routers = layout.routers();
        List<NodeSpec> internal = new ArrayList<>(routers);
        internal.addAll(layout.clients());
        for (NodeSpec node : routers) {
            overlay("brq-ha", RouterLayout.HA_VNI, node, routers, "cannot plug the router's networks");
            overlay("brq-int", RouterLayout.INTERNAL_VNI, node, internal, "cannot plug the router's networks");
        }
        for (NodeSpec client : layout.clients()) {
            overlay("brq-int", RouterLayout.INTERNAL_VNI, client, internal, "cannot plug the client");
            run(client, CLIENT, "cannot plug the client", RouterLayout.CLIENT_NAMESPACE,
                    String.valueOf(RouterLayout.OVERLAY_MTU), RouterLayout.CLIENT_IP + "/" + RouterLayout.INTERNAL_PREFIX,
                    RouterLayout.GATEWAY_IP);
        }
    }

    /**
     * Removes what {@link #deploy} made, for a deployment again on the same nodes: stops keepalived and the agent
     * on every router node, then deletes the router and client namespaces (with the ports inside), the taps, the
     * bridges and their VXLAN devices. What is already gone is skipped.
     */
    public void remove() {
        List<NodeSpec> internal = new ArrayList<>(layout.routers());
        internal.addAll(layout.clients());
        for (NodeSpec node : internal) {
            boolean router = layout.routers().contains(node);
            if (router) {
                lab.services(node.name()).stop(RouterLayout.KEEPALIVED);
                lab.services(node.name()).stop(RouterLayout.AGENT);
            }
            List<String> args = new ArrayList<>();
            args.add(router ? NAMESPACE : RouterLayout.CLIENT_NAMESPACE);
            args.addAll(router
                    ? List.of(RouterLayout.tap(layout.haPort(node)), RouterLayout.tap(RouterLayout.QR), "brq-ha",
                            "vxlan-" + RouterLayout.HA_VNI, "brq-int", "vxlan-" + RouterLayout.INTERNAL_VNI)
                    : List.of("tap-vm", "brq-int", "vxlan-" + RouterLayout.INTERNAL_VNI));
            run(node, REMOVE, "cannot remove the router's networks", args.toArray(String[]::new));
        }
    }

    /** Plugs {@code node} into the network {@code bridge}, its VXLAN device flooding to the other {@code members}. */
    private void overlay(String bridge, int vni, NodeSpec node, List<NodeSpec> members, String meaning) {
        List<String> args = new ArrayList<>(List.of(bridge, "vxlan-" + vni, String.valueOf(vni), node.address()));
        members.stream().filter(peer -> !peer.equals(node)).forEach(peer -> args.add(peer.address()));
        run(node, OVERLAY, meaning, args.toArray(String[]::new));
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
        String ha = layout.haPort(node);
        run(node, ROUTER, "cannot build the router namespace", NAMESPACE, ha, RouterLayout.tap(ha), RouterLayout.QR,
                RouterLayout.tap(RouterLayout.QR), RouterLayout.QG, RouterLayout.QG_MAC, RouterLayout.QR_MAC,
                layout.haMac(node), String.valueOf(RouterLayout.OVERLAY_MTU),
                layout.haAddress(node) + "/" + RouterLayout.HA_PREFIX, layout.floatingIp(), RouterLayout.CLIENT_IP,
                RouterLayout.GATEWAY_IP + "/" + RouterLayout.INTERNAL_PREFIX, layout.externalIp());
    }

    private void startRouterProcesses(NodeSpec node) {
        lab.services(node.name()).start(RouterLayout.AGENT, List.of("/usr/sbin/ip", "netns", "exec", NAMESPACE,
                "/usr/sbin/ip", "-ts", "-o", "monitor", "address"));
        lab.services(node.name()).start(RouterLayout.KEEPALIVED, List.of("/usr/sbin/ip", "netns", "exec", NAMESPACE,
                "/usr/sbin/keepalived", "--dont-fork", "--log-console", "--log-detail", "--vrrp",
                "--use-file=" + CONFIG, "--pid=/run/hagate/" + RouterLayout.KEEPALIVED + "-main.pid",
                "--vrrp_pid=/run/hagate/" + RouterLayout.KEEPALIVED + "-vrrp.pid"));
        // Not a wait for a condition: a process that is still there after the grace may yet die, which the
        // wait for one master then shows; one that is gone already says why in its log.
        LockSupport.parkNanos(START_GRACE.toNanos());
        for (String service : List.of(RouterLayout.AGENT, RouterLayout.KEEPALIVED)) {
            if (!lab.services(node.name()).isRunning(service)) {
                String log = lab.shell(node.name()).exec(ShellWords.command("tail", "-n", "3", "/var/log/hagate/" + service + ".log"),
                        NodeShell.DEFAULT_TIMEOUT).stdout();
                throw new DeploymentException(service + " exited right after starting on " + node.name() + ": " + log.trim());
            }
        }
    }

    /** Runs the fixed shell text {@code script} on {@code node}, stopping at its first failing command. */
    private void run(NodeSpec node, String script, String meaning, String... args) {
        ExecResult r = lab.shell(node.name()).exec(ShellWords.script("set -e\n" + script, args), NodeShell.DEFAULT_TIMEOUT);
        if (!r.ok()) {
            throw new LabException(meaning + " on " + node.name() + ": " + r.lastErrorLine());
        }
    }

    private static List<String> names(List<NodeSpec> nodes) {
        return nodes.stream().map(NodeSpec::name).toList();
    }
}
