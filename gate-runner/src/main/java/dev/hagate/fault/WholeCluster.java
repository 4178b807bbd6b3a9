package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Waits after a fault until the cloud is whole again: a node answering, every Galera node Synced, one VIP holder. */
final class WholeCluster {

    /** Three VRRP advert intervals of one second: a second holder would have shown by then. */
    private static final Duration VRRP_TAKEOVER = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(200);

    private WholeCluster() {}

    /**
     * Waits until {@code node} answers over SSH again (after a boot).
     *
     * @throws LabException when it does not within {@code timeout}: the lab, not the change, failed
     */
    static Duration awaitNode(Cloud cloud, NodeSpec node, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            try {
                cloud.lab().shell(node.name()).run("true", Duration.ofSeconds(5));
                return Duration.ofNanos(System.nanoTime() - start);
            } catch (LabException e) {
                if (System.nanoTime() > deadline) {
                    throw new LabException(node.name() + " did not answer over SSH within " + timeout.toSeconds()
                            + " s of being powered on: " + e.getMessage(), e);
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
        }
    }

    /**
     * Waits until every Galera node is Synced in one full cluster and exactly one node holds the VIP, steadily.
     *
     * @return how the cluster looked when it was whole
     * @throws DeploymentException when it is not within {@code timeout} (the HA configuration did not recover)
     */
    static String await(Cloud cloud, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var galera = cloud.galera().awaitWhole(timeout);
        List<String> previous = null;
        while (true) {
            List<String> holders = cloud.vipHolders();
            if (holders.size() == 1 && holders.equals(previous)) {
                return "Galera " + galera + "; VIP on " + holders.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new DeploymentException("the VIP " + cloud.vip() + " should be held by exactly one node, but "
                        + (holders.isEmpty() ? "no node holds it" : "it is held by " + String.join(", ", holders))
                        + " " + timeout.toSeconds() + " s after recovery began");
            }
            previous = holders.size() == 1 ? holders : null;
            LockSupport.parkNanos((previous == null ? POLL : VRRP_TAKEOVER).toNanos());
        }
    }
}
