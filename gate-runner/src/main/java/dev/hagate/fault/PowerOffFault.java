package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.lab.IpmiPower;
import dev.hagate.lab.LabException;
import dev.hagate.lab.PowerDriver;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Wait;
import java.time.Duration;

/**
 * Cuts a node's power through its BMC, as a power loss: no shutdown, every service on it gone at once, its
 * network link dead. By default the node holding the VIP, so clients lose their entry point and the other
 * nodes must take it over. Recovery powers it on; it boots, its services start by themselves, and Galera
 * takes it back (IST).
 */
public final class PowerOffFault implements Fault {

    public static final String KIND = "power-off";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REJOIN_TIMEOUT = Duration.ofMinutes(3);
    /** Hits any node, the VIP holder unless named; takes no port. */
    public static final FaultKind DECLARATION = new FaultKind(KIND, Targets.ROLES, Targets.VIP_HOLDER, false, null,
            (cloud, target, port) -> new PowerOffFault(cloud, target));

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
        String whole = cloud.awaitWhole(REJOIN_TIMEOUT);
        return node.name() + " powered on, answering SSH after " + boot.toMillis() + " ms; " + whole;
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
