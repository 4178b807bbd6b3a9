package dev.hagate.deploy;

import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.PowerDriver;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Steady;
import dev.hagate.wait.Wait;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The router as its clients see it, asked on each router node over SSH: which nodes answer for the gateway IP
 * (one is the master, two a split brain), and the floating IP in front of the client. What the probes sample,
 * the fault aims at, and the deployment waits on.
 */
public final class RouterGateway {

    /** How long asking one node for its gateway state may take. */
    public static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long one master must stay the only one: three advert intervals of one second and the skew, after which
     * a backup that hears no master takes over, so a second master would show.
     */
    static final Duration VRRP_TAKEOVER = Duration.ofSeconds(4);

    private final Lab lab;
    private final RouterLayout layout;

    public RouterGateway(Lab lab) {
        this.lab = lab;
        this.layout = new RouterLayout(lab.topology());
    }

    /** Where the router lives. */
    public RouterLayout layout() {
        return layout;
    }

    /** The client's floating IP on the lab network. */
    public String floatingIp() {
        return layout.floatingIp();
    }

    /**
     * How one router node answers for the gateway IP right now.
     *
     * @param answering the gateway IP is on its {@code qr-} port and the port is up: it answers ARP for it
     * @param stale     the gateway IP is configured on a port that is down (a dead router's leftover)
     */
    public record GatewayState(String node, boolean answering, boolean stale) {}

    /**
     * The {@code qr-} ports of every router namespace on a node, one {@code ip -br} line each ("name state
     * addresses"): Neutron's L3 agent names the namespace after the router and the port after its Neutron port,
     * so both are found by their prefixes. A namespace deleted while it is asked shows no port: the router left.
     * A failure to list the namespaces fails the script.
     */
    private static final String QR_PORTS = """
            namespaces=$(ip netns list) || exit
            for ns in $(echo "$namespaces" | awk '$1 ~ /^qrouter-/ {print $1}'); do
              ip -n "$ns" -br -4 addr show | awk '$1 ~ /^qr-/'
            done
            """;

    /**
     * Each router node's state, in the topology's order. A node that cannot be asked holds nothing when its BMC
     * says it is powered off: a machine without power answers for no address.
     *
     * @throws LabException when a node cannot be asked and is not known to be off: what it holds is then not
     *                      known, and taking it for nothing could hide a second master or aim a fault at the wrong node
     */
    public List<GatewayState> states() {
        List<GatewayState> states = new ArrayList<>();
        for (NodeSpec node : layout.routers()) {
            Optional<String> ports = qrPorts(node);
            if (ports.isEmpty()) {
                states.add(new GatewayState(node.name(), false, false));
                continue;
            }
            boolean answering = false;
            boolean stale = false;
            for (String line : ports.get().lines().toList()) {
                if (line.contains(" " + RouterLayout.GATEWAY_IP + "/")) {
                    // A port whose link is down shows DOWN (or LOWERLAYERDOWN).
                    boolean up = line.matches("\\S+\\s+(UP|UNKNOWN)\\s.*");
                    answering |= up;
                    stale |= !up;
                }
            }
            states.add(new GatewayState(node.name(), answering, stale && !answering));
        }
        return states;
    }

    /**
     * {@code node}'s {@code qr-} ports, one line each; empty when it cannot be asked and its BMC says it is off.
     *
     * @throws LabException when it cannot be asked and is not known to be off
     */
    private Optional<String> qrPorts(NodeSpec node) {
        String failure;
        try {
            ExecResult r = lab.shell(node.name()).exec(QR_PORTS, STATE_TIMEOUT);
            if (r.ok()) {
                return Optional.of(r.stdout());
            }
            failure = r.lastErrorLine();
        } catch (LabException e) {
            failure = e.getMessage();
        }
        if (poweredOff(node)) {
            return Optional.empty();
        }
        throw new LabException("cannot ask " + node.name() + " which router holds the gateway: " + failure);
    }

    /** Whether {@code node}'s BMC says it is off; false when the lab cannot tell (no BMC, or one that does not answer). */
    private boolean poweredOff(NodeSpec node) {
        try {
            return lab.power(node.name()).status() == PowerDriver.PowerState.OFF;
        } catch (LabException e) {
            return false;
        }
    }

    /** The router nodes answering for the gateway IP right now: more than one is a split brain. */
    public List<String> holders() {
        return states().stream().filter(GatewayState::answering).map(GatewayState::node).toList();
    }

    /**
     * Waits until exactly one router answers for the gateway, and stays the only one for as long as a backup
     * needs to take over (a split brain shows only once each has timed out).
     *
     * @return the master's node
     * @throws DeploymentException naming the holders last seen when that does not happen within {@code timeout}
     */
    public String awaitSingleMaster(Duration timeout) {
        return Wait.until("router: the gateway " + RouterLayout.GATEWAY_IP + " held by exactly one router, steady for "
                        + VRRP_TAKEOVER.toSeconds() + " s", timeout)
                .on(Steady.singleHolder(this::holders, VRRP_TAKEOVER), DeploymentException::new);
    }

    /**
     * Waits until the client answers ICMP on its floating IP from the runner, through the master router.
     *
     * @throws DeploymentException when no echo reply came within {@code timeout}
     */
    public void awaitClientReachable(Duration timeout) {
        // Each look waits up to 500 ms for an echo reply itself, so the next one follows at once.
        Wait.until("router: the client " + RouterLayout.CLIENT_IP + " answering on the floating IP "
                        + layout.floatingIp() + " through the router", timeout)
                .pollingEvery(Duration.ZERO)
                .on(() -> floatingIpAnswers() ? Seen.done(Boolean.TRUE) : Seen.notYet("no echo reply"),
                        DeploymentException::new);
    }

    private boolean floatingIpAnswers() {
        try {
            return InetAddress.getByName(layout.floatingIp()).isReachable(500);
        } catch (IOException e) {
            throw new LabException("cannot send ICMP from the runner to " + layout.floatingIp() + ": " + e.getMessage(), e);
        }
    }
}
