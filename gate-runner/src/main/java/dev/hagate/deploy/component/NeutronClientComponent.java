package dev.hagate.deploy.component;

import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.Neutron;
import dev.hagate.deploy.NeutronNode;
import dev.hagate.deploy.RouterGateway;
import dev.hagate.deploy.RouterLayout;
import dev.hagate.lab.Lab;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client behind Neutron's HA router on the node running {@code neutron-client}, as a tenant VM: the
 * networks, the router, its gateway, the client's port and its floating IP are made through Neutron's API,
 * then the port is plugged into a namespace on the node the way Neutron's own interface driver plugs one.
 * Deployed once the client answers on its floating IP from the runner, through the router's master.
 */
public final class NeutronClientComponent implements Component {

    /** 1500 on the lab network less VXLAN's 50 bytes: what Neutron gives the tenant network. */
    private static final int TENANT_MTU = 1450;
    /** The HA router comes up as backup on both agents and elects its master after 3 advert intervals and more. */
    private static final Duration ROUTER_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PORT_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public Service service() {
        return Service.NEUTRON_CLIENT;
    }

    @Override
    public Set<Service> dependsOn() {
        return Set.of(Service.NEUTRON_OVS_AGENT, Service.NEUTRON_L3_AGENT);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/bin/ovs-vsctl", "/usr/sbin/ip");
    }

    @Override
    public List<String> packages() {
        return List.of("openvswitch-switch", "iproute2");
    }

    @Override
    public void deploy(Deployment deployment) {
        Lab lab = deployment.lab();
        RouterLayout layout = new RouterLayout(lab.topology());
        NodeSpec host = deployment.nodesRunning(service()).get(0);
        Neutron neutron = new Neutron(lab, NeutronServerComponent.keystone(deployment));
        deployment.progress("neutron-client: the external and tenant networks, the HA router, the client's port and floating IP,"
                + " through Neutron's API");
        Neutron.ClientPort port = neutron.makeRouterAndClient(layout, host);
        deployment.progress("neutron-client: router " + port.routerId() + "; plugging port " + port.id() + " on " + host.name());
        new NeutronNode(lab).plug(host, RouterLayout.CLIENT_NAMESPACE, port, RouterLayout.INTERNAL_PREFIX, RouterLayout.GATEWAY_IP,
                TENANT_MTU);
        Wait.until("neutron-client: the client's port ACTIVE", PORT_TIMEOUT).pollingEvery(Duration.ofMillis(500)).on(() -> {
            String status;
            try {
                status = neutron.portStatus(port.id());
            } catch (DeploymentException e) {
                return Seen.notYet(e.getMessage());
            }
            return status.equals("ACTIVE") ? Seen.done(Boolean.TRUE) : Seen.notYet("status " + status);
        }, DeploymentException::new);
        RouterGateway gateway = new RouterGateway(lab);
        String master = gateway.awaitSingleMaster(ROUTER_TIMEOUT);
        gateway.awaitClientReachable(ROUTER_TIMEOUT);
        deployment.progress("neutron-client: router " + neutron.awaitRouterSettled(layout.routers(), master, ROUTER_TIMEOUT));
    }

    /** The client's namespace, with its port. */
    @Override
    public void reset(Lab lab) {
        NeutronNode neutronNode = new NeutronNode(lab);
        lab.topology().nodesRunning(service()).forEach(node -> neutronNode.deleteNamespace(node, RouterLayout.CLIENT_NAMESPACE));
    }

    /**
     * Only a reset waits for it (a fault on a controller leaves the router be, and its recovery need not wait):
     * one master answering for the gateway, and Neutron seeing the router active there and standby on every
     * other agent.
     */
    @Override
    public Optional<String> awaitAfterReset(dev.hagate.deploy.Cloud cloud, Duration timeout) {
        RouterLayout layout = new RouterLayout(cloud.lab().topology());
        String master = new RouterGateway(cloud.lab()).awaitSingleMaster(timeout);
        return Optional.of("router master " + master + "; in Neutron "
                + new Neutron(cloud.lab(), cloud.keystone()).awaitRouterSettled(layout.routers(), master, timeout));
    }
}
