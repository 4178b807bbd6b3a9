package dev.hagate.deploy.component;

import dev.hagate.topology.Service;
import java.util.List;
import java.util.Set;

/**
 * The client behind the router on the node running {@code l3-client}, as a tenant VM: a namespace on the
 * router's internal network. The router's component plugs it (see {@link L3RouterComponent}), since the
 * router is only deployed once its client answers through it.
 */
public final class L3ClientComponent implements Component {

    @Override
    public Service service() {
        return Service.L3_CLIENT;
    }

    /** Plugged with the router; that a topology runs it only behind a router is the topology loader's router rule. */
    @Override
    public Set<Service> deployedAfter() {
        return Set.of(Service.L3_ROUTER);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/sbin/ip");
    }

    @Override
    public List<String> packages() {
        return List.of("iproute2");
    }

    @Override
    public void deploy(Deployment deployment) {
        // Plugged by the router's deployment.
    }
}
