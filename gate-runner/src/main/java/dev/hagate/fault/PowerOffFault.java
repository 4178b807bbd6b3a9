package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.lab.IpmiPower;
import dev.hagate.lab.LabException;
import dev.hagate.lab.PowerDriver;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a node's power through its BMC, as a power loss: no shutdown, every service on it gone at once, its
 * network link dead. By default the node holding the VIP, so clients lose their entry point and the other
 * nodes must take it over; or the router master, whose standby must take the gateway over. Recovery powers
 * it on; it boots, its services start by themselves, Galera takes it back (IST), and a network node's L3 agent
 * rebuilds its router, which Neutron must then see standby there.
 */
public final class PowerOffFault implements Fault {

    public static final String KIND = "power-off";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REJOIN_TIMEOUT = Duration.ofMinutes(3);
    /** Hits any node, the VIP holder unless named (or the router master); takes no port. */
    public static final FaultKind DECLARATION = new FaultKind(KIND, roles(), Targets.VIP_HOLDER, false, null,
            (cloud, target, port) -> new PowerOffFault(cloud, target));

    private static List<FaultKind.TargetRole> roles() {
        List<FaultKind.TargetRole> roles = new ArrayList<>(Targets.ROLES);
        roles.add(Targets.ROUTER_MASTER_ROLE);
        return roles;
    }

    private final Cloud cloud;
    private final String target;
    private NodeSpec node;
    private PowerDriver power;

    public PowerOffFault(Cloud cloud, String target) {
        this.cloud = cloud;
        this.target = target;
    }

    @Override
    public String inject() {
        node = Targets.resolve(cloud, target);
        power = cloud.lab().power(node.name());
        long start = System.nanoTime();
        power.powerOff();
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        return "power off " + Targets.describe(node, target) + " through its BMC"
                + (power instanceof IpmiPower ipmi ? " at " + ipmi.bmc() : "") + "; off after " + ms + " ms";
    }

    @Override
    public String recover() {
        if (power == null) {
            throw new IllegalStateException("recover() before inject()");
        }
        power.powerOn();
        Duration boot = awaitNode(cloud, node, BOOT_TIMEOUT);
        List<String> seen = new ArrayList<>(List.of(node.name() + " powered on, answering SSH after " + boot.toMillis() + " ms"));
        String whole = cloud.awaitWhole(REJOIN_TIMEOUT);
        if (!whole.isEmpty()) {
            seen.add(whole);
        }
        // A network node's agents rebuild its router, which must come back as the standby.
        if (cloud.lab().topology().servicesOf(node).contains(Service.NEUTRON_L3_AGENT)) {
            seen.add(new RouterHost(cloud.lab()).awaitSettled(cloud, REJOIN_TIMEOUT));
        }
        return String.join("; ", seen);
    }

    /**
     * Waits until {@code node} answers over SSH again (after a boot).
     *
     * @throws LabException when it does not within {@code timeout}: the lab, not the change, failed
     */
    private static Duration awaitNode(Cloud cloud, NodeSpec node, Duration timeout) {
        long start = System.nanoTime();
        return Wait.until(node.name() + " answering over SSH after being powered on", timeout)
                .pollingEvery(POLL)
                .retrying(LabException.class, () -> {
                    cloud.lab().shell(node.name()).run("true", Duration.ofSeconds(5));
                    return Duration.ofNanos(System.nanoTime() - start);
                }, LabException::new);
    }
}
