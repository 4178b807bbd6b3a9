package dev.hagate.deploy;

import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Subnet;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;

/**
 * What Neutron's agents need of a node and leave on it, done over the node's shell: Open vSwitch's database
 * and the bridge {@value #PHYSICAL_BRIDGE} that takes over the node's lab port and address (the userspace
 * datapath sends VXLAN only out of its own ports), the client port plugged as Neutron's own interface driver
 * plugs one, and the processes and namespaces the L3 agent spawns, which no pidfile names.
 */
public final class NeutronNode {

    public static final String PHYSICAL_BRIDGE = "br-phy";
    public static final String OVSDB = "ovsdb-server";
    public static final String VSWITCHD = "ovs-vswitchd";
    public static final String OVS_AGENT = "neutron-openvswitch-agent";
    public static final String L3_AGENT = "neutron-l3-agent";
    private static final String DB = "/var/lib/openvswitch/conf.db";
    private static final String SOCKET = "/run/openvswitch/db.sock";
    private static final Duration OVS_TIMEOUT = Duration.ofSeconds(30);

    /** A fresh, empty Open vSwitch database. */
    private static final String FRESH_DB = """
            set -e
            mkdir -p /var/lib/openvswitch /run/openvswitch /var/log/openvswitch
            rm -f "$1"
            ovsdb-tool create "$1" /usr/share/openvswitch/vswitch.ovsschema
            """;

    /** Once ovsdb-server answers on the socket (the argument): the database initialised. */
    private static final String INIT_DB = """
            set -e
            for i in $(seq 100); do [ -S "$1" ] && ovs-vsctl --db="unix:$1" --timeout=2 show >/dev/null 2>&1 && break; sleep 0.1; done
            ovs-vsctl --no-wait init
            """;

    /**
     * Once ovs-vswitchd runs: the bridge (the second argument) on the userspace datapath with eth0 as its port and
     * eth0's MAC, and the node's address (the first argument, with its prefix) and routes moved from eth0 to it.
     */
    private static final String TAKE_OVER_LAB_PORT = """
            set -e
            address=$1 bridge=$2
            mac=$(cat /sys/class/net/eth0/address)
            routes=$(ip -4 route show dev eth0 | grep -v ' scope link' || true)
            ovs-vsctl --timeout=20 -- --may-exist add-br "$bridge" -- set bridge "$bridge" datapath_type=netdev \\
              other_config:hwaddr="$mac" -- --may-exist add-port "$bridge" eth0
            for i in $(seq 100); do ip link show "$bridge" >/dev/null 2>&1 && break; sleep 0.1; done
            ip addr flush dev eth0
            ip addr add "$address" dev "$bridge"
            ip link set "$bridge" up
            echo "$routes" | while read -r route; do [ -z "$route" ] || ip route replace $route dev "$bridge"; done
            """;

    /** The node's address back on eth0, where the lab put it, once the bridge holding it is gone. */
    private static final String GIVE_BACK_LAB_PORT = """
            address=$1 db=$2
            ip -4 addr show | grep -q " $address " || ip addr add "$address" dev eth0
            ip link set eth0 up
            rm -f "$db"
            """;

    /**
     * SIGKILLs, in this node only (its UTS namespace: every node shares the host's PID namespace), the processes
     * whose command line holds one of the arguments, this shell excepted, all stopped before any is killed.
     * Prints the pids it killed.
     */
    private static final String KILL_MATCHING = """
            self=$(readlink /proc/self/ns/uts)
            pids=''
            for d in /proc/[0-9]*; do
              # This shell's own command line holds the words, as do its short-lived subshells.
              [ "${d#/proc/}" != "$$" ] || continue
              [ "$(readlink "$d/ns/uts" 2>/dev/null)" = "$self" ] || continue
              cmd=$(tr '\\0' ' ' < "$d/cmdline" 2>/dev/null) || continue
              for word in "$@"; do
                case "$cmd" in *"$word"*) pids="$pids ${d#/proc/}"; break;; esac
              done
            done
            # Stopped first, all of them, then killed: killed one by one, a keepalived whose parent died first
            # would get its SIGTERM and hand the router over gracefully, which no dying host does.
            [ -z "$pids" ] || { kill -STOP $pids 2>/dev/null; kill -9 $pids 2>/dev/null; }
            echo $pids
            """;

    /** Deletes every namespace whose name starts with one of the arguments. */
    private static final String DELETE_NAMESPACES = """
            for ns in $(ip netns list | awk '{print $1}'); do
              for prefix in "$@"; do case "$ns" in "$prefix"*) ip netns delete "$ns";; esac; done
            done
            """;

    /**
     * A Neutron port plugged into a namespace, as Neutron's Open vSwitch interface driver plugs one: an internal
     * port of br-int carrying the port's id and MAC, which the agent wires to its network. Arguments: namespace,
     * device, port id, MAC, address/prefix, gateway, MTU.
     */
    private static final String PLUG = """
            set -e
            ns=$1 dev=$2 port=$3 mac=$4 address=$5 gateway=$6 mtu=$7
            ip netns add "$ns"
            ip -n "$ns" link set lo up
            ovs-vsctl --timeout=20 -- --may-exist add-port br-int "$dev" -- set Interface "$dev" type=internal \\
              external_ids:iface-id="$port" external_ids:iface-status=active external_ids:attached-mac="$mac"
            for i in $(seq 100); do ip link show "$dev" >/dev/null 2>&1 && break; sleep 0.1; done
            ip link set "$dev" netns "$ns"
            ip -n "$ns" link set "$dev" address "$mac" mtu "$mtu" up
            ip -n "$ns" addr add "$address" dev "$dev"
            ip -n "$ns" route add default via "$gateway"
            """;

    /**
     * Puts the change's Neutron package (the first argument; empty for Debian's) ahead of Debian's for every
     * Python program on the node, the privsep helpers sudo starts with a clean environment included: as a link
     * in /usr/local's dist-packages, which Debian's Python searches before its own.
     */
    private static final String USE_NEUTRON = """
            set -e
            local=$(/usr/bin/python3 -c 'import site; print(site.getsitepackages()[0])')
            mkdir -p "$local"
            rm -f "$local/neutron"
            [ -z "$1" ] || ln -s "$1" "$local/neutron"
            """;

    /** Prints the directory Python imports Neutron from (outside any Neutron tree, so the path decides). */
    private static final String IMPORTED_FROM = """
            cd /
            /usr/bin/python3 -c 'import neutron, os; print(os.path.realpath(os.path.dirname(neutron.__file__)))'
            """;

    /**
     * The L3 agent and what it leaves running, by their command lines: the agent and its privsep helpers (both
     * name l3_agent.ini), each router's keepalived, state monitor and metadata proxy.
     */
    private static final List<String> ROUTER_PROCESSES = List.of("l3_agent.ini", "/ha_confs/", "ns-metadata-proxy",
            "neutron-keepalived-state-change");

    private final Lab lab;
    private final int prefix;

    public NeutronNode(Lab lab) {
        this.lab = lab;
        this.prefix = Subnet.parse(lab.topology().lab().subnet()).prefix();
    }

    /** The command ovsdb-server runs as: the database, with the managers the agent sets as remotes. */
    public static List<String> ovsdbCommand() {
        return List.of("/usr/sbin/ovsdb-server", DB, "--remote=punix:" + SOCKET,
                "--remote=db:Open_vSwitch,Open_vSwitch,manager_options", "--pidfile=/run/openvswitch/ovsdb-server.pid");
    }

    public static List<String> vswitchdCommand() {
        return List.of("/usr/sbin/ovs-vswitchd", "unix:" + SOCKET, "--pidfile=/run/openvswitch/ovs-vswitchd.pid");
    }

    /** Where a change's Neutron tree goes on each node: under /var/lib, which is the node's own. */
    public static final String CHANGE_DIR = "/var/lib/hagate/changes/neutron";

    /**
     * Makes every Python program on {@code node} import Neutron from the change's tree ({@value #CHANGE_DIR}),
     * or from Debian's package when {@code fromChange} is false.
     *
     * @return where Python imports Neutron from now
     * @throws DeploymentException when Python cannot import that Neutron: the change's fault
     */
    public String useNeutron(NodeSpec node, boolean fromChange) {
        run(node, USE_NEUTRON, "cannot choose which Neutron runs", fromChange ? CHANGE_DIR + "/neutron" : "");
        ExecResult r = exec(node, IMPORTED_FROM);
        if (!r.ok()) {
            throw new DeploymentException("Neutron cannot be imported on " + node.name() + ": " + r.lastErrorLine());
        }
        return r.stdout().trim();
    }

    /** Makes Open vSwitch's database empty on {@code node}, before ovsdb-server starts. */
    public void freshDatabase(NodeSpec node) {
        run(node, FRESH_DB, "cannot create Open vSwitch's database", DB);
    }

    /** Waits for ovsdb-server and initialises its database. */
    public void initDatabase(NodeSpec node) {
        run(node, INIT_DB, "Open vSwitch's database does not answer", SOCKET);
    }

    /** Puts eth0 and the node's address on {@value #PHYSICAL_BRIDGE}, once ovs-vswitchd runs. */
    public void takeOverLabPort(NodeSpec node) {
        run(node, TAKE_OVER_LAB_PORT, "cannot move the lab port onto " + PHYSICAL_BRIDGE, node.address() + "/" + prefix, PHYSICAL_BRIDGE);
    }

    /**
     * Registers Open vSwitch and its agent to start when {@code node} boots again (after a power loss), as the
     * deployment started them: ovsdb-server with its run directory made anew ({@code /run} does not survive a
     * boot), ovs-vswitchd, which builds the bridges again from the database, and the agent ({@code agentArgv})
     * once the node's address is back on {@value #PHYSICAL_BRIDGE}: the boot puts it on eth0, now the bridge's port.
     */
    public void enableAtBoot(NodeSpec node, List<String> agentArgv) {
        var services = lab.services(node.name());
        String runDirectory = "mkdir -p /run/openvswitch && exec ";
        services.enableAtBoot(OVSDB, List.of("/bin/sh", "-c", runDirectory + ShellWords.command(ovsdbCommand())));
        services.enableAtBoot(VSWITCHD, List.of("/bin/sh", "-c", runDirectory + ShellWords.command(vswitchdCommand())));
        services.enableAtBoot(OVS_AGENT, List.of("/bin/sh", "-c", TAKE_OVER_LAB_PORT + "exec " + ShellWords.command(agentArgv),
                "sh", node.address() + "/" + prefix, PHYSICAL_BRIDGE));
    }

    /** The node's address back on eth0 and Open vSwitch's database gone, once ovs-vswitchd is stopped. */
    public void giveBackLabPort(NodeSpec node) {
        run(node, GIVE_BACK_LAB_PORT, "cannot put the node's address back on eth0", node.address() + "/" + prefix, DB);
    }

    /**
     * SIGKILLs the L3 agent on {@code node} and all it spawned, in one round: its privsep helpers, and each
     * router's keepalived, state monitor and metadata proxy.
     *
     * @return the pids killed, empty when none ran
     */
    public String killRouterProcesses(NodeSpec node) {
        return run(node, KILL_MATCHING, "cannot kill the L3 agent's processes", ROUTER_PROCESSES.toArray(String[]::new)).trim();
    }

    /** Deletes the router namespaces on {@code node}, with the ports in them, as the host's death takes them. */
    public void deleteRouterNamespaces(NodeSpec node) {
        run(node, DELETE_NAMESPACES, "cannot delete the router namespaces", "qrouter-", "qdhcp-");
    }

    /** Deletes the namespace {@code namespace} on {@code node}, if it is there. */
    public void deleteNamespace(NodeSpec node, String namespace) {
        run(node, "ip netns delete \"$1\" 2>/dev/null || true", "cannot delete " + namespace, namespace);
    }

    /** Plugs {@code port} into the namespace {@code namespace} on {@code node}, with its address behind {@code gateway}. */
    public void plug(NodeSpec node, String namespace, Neutron.ClientPort port, int internalPrefix, String gateway, int mtu) {
        run(node, PLUG, "cannot plug the client's port", namespace, "tap" + port.id().substring(0, 11), port.id(), port.mac(),
                port.ip() + "/" + internalPrefix, gateway, String.valueOf(mtu));
    }

    private String run(NodeSpec node, String script, String meaning, String... args) {
        ExecResult r = exec(node, script, args);
        if (!r.ok()) {
            throw new LabException(meaning + " on " + node.name() + ": " + r.lastErrorLine());
        }
        return r.stdout();
    }

    private ExecResult exec(NodeSpec node, String script, String... args) {
        return lab.shell(node.name()).exec(ShellWords.script(script, args), null, OVS_TIMEOUT.plus(NodeShell.DEFAULT_TIMEOUT));
    }
}
