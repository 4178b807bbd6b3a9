package dev.hagate.deploy.component;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.L3RouterPair;
import dev.hagate.deploy.RouterGateway;
import dev.hagate.lab.Lab;
import dev.hagate.topology.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Neutron L3 HA style router on the nodes running {@code l3-router}: its namespace, keepalived and agent on
 * each, and the client behind it ({@code l3-client}), deployed together by {@link L3RouterPair}.
 */
public final class L3RouterComponent implements Component {

    @Override
    public Service service() {
        return Service.L3_ROUTER;
    }

    /**
     * It needs nothing of the control plane, but is deployed after it: its own VRRP election (one master,
     * steady, within 30 s) then never shares the few cores with Galera's state transfers or Keystone's setup.
     */
    @Override
    public Set<Service> deployedAfter() {
        return Set.of(Service.KEEPALIVED, Service.KEYSTONE);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/sbin/keepalived", "/usr/sbin/ip");
    }

    @Override
    public List<String> packages() {
        return List.of("keepalived", "iproute2");
    }

    @Override
    public void deploy(Deployment deployment) {
        new L3RouterPair(deployment.lab()).deploy(deployment.templates(), deployment.rendered(), deployment::progress);
    }

    /** Its networks and namespaces, on the router and client nodes. */
    @Override
    public void reset(Lab lab) {
        new L3RouterPair(lab).remove();
    }

    /** Only a reset waits for it: a fault on a controller leaves the router be, and its recovery need not wait. */
    @Override
    public Optional<String> awaitAfterReset(Cloud cloud, Duration timeout) {
        return Optional.of("router master " + new RouterGateway(cloud.lab()).awaitSingleMaster(timeout));
    }
}
