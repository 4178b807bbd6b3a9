package dev.hagate.deploy.component;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.Change;
import dev.hagate.deploy.Neutron;
import dev.hagate.deploy.NeutronNode;
import dev.hagate.deploy.RouterGateway;
import dev.hagate.lab.Lab;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Neutron's L3 agent on every node running {@code neutron-l3-agent}: it builds each HA router it hosts (the
 * {@code qrouter-} namespace, its ports, keepalived and the state monitor), as the servers schedule them.
 */
public final class NeutronL3AgentComponent implements Component {

    private static final String AGENT_TYPE = "L3 agent";
    private static final Duration ALIVE_TIMEOUT = Duration.ofSeconds(90);

    @Override
    public Service service() {
        return Service.NEUTRON_L3_AGENT;
    }

    /** Its interfaces are ports of the Open vSwitch agent's br-int. */
    @Override
    public Set<Service> dependsOn() {
        return Set.of(Service.NEUTRON_OVS_AGENT);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/bin/neutron-l3-agent", "/usr/bin/neutron-keepalived-state-change", "/usr/sbin/keepalived");
    }

    @Override
    public List<String> packages() {
        return List.of("neutron-l3-agent", "keepalived");
    }

    @Override
    public List<ConfigFile> configFiles() {
        return List.of(new ConfigFile("neutron-l3-agent.ini", "/etc/neutron/l3_agent.ini", "0640"));
    }

    @Override
    public Optional<Change.Project> changeProject() {
        return Optional.of(NeutronServerComponent.PROJECT);
    }

    @Override
    public void deploy(Deployment deployment) {
        NeutronServerComponent.chooseNeutron(deployment, this);
        List<NodeSpec> nodes = deployment.nodesRunning(service());
        deployment.startEverywhere(service(), NeutronNode.L3_AGENT, node -> List.of("/usr/bin/neutron-l3-agent",
                "--config-file", "/etc/neutron/neutron.conf", "--config-file", "/etc/neutron/l3_agent.ini"));
        new Neutron(deployment.lab(), NeutronServerComponent.keystone(deployment)).awaitAgentsAlive(AGENT_TYPE, nodes, ALIVE_TIMEOUT);
    }

    /**
     * The router as Neutron's servers see it, against where it is: hosted by a live agent on every network node,
     * {@code active} on the one whose router holds the gateway and {@code standby} on the others (the states the
     * agents report after keepalived's transitions).
     */
    @Override
    public List<Examination> examinations(Cloud cloud) {
        return List.of(new Examination("the router's HA state in Neutron", () -> routerHaState(cloud)));
    }

    private String routerHaState(Cloud cloud) {
        List<String> holders = new RouterGateway(cloud.lab()).holders();
        if (holders.size() != 1) {
            throw new DeploymentException("the gateway is held by " + (holders.isEmpty() ? "no router" : String.join(", ", holders))
                    + ", expected exactly one");
        }
        return new Neutron(cloud.lab(), cloud.keystone()).awaitRouterSettled(cloud.lab().topology().nodesRunning(service()),
                holders.get(0), Duration.ZERO);
    }

    /** The routers it built: their processes, which no pidfile names, and their namespaces. */
    @Override
    public void reset(Lab lab) {
        NeutronNode neutronNode = new NeutronNode(lab);
        for (NodeSpec node : lab.topology().nodesRunning(service())) {
            neutronNode.killRouterProcesses(node);
            neutronNode.deleteRouterNamespaces(node);
        }
    }
}
