package dev.hagate.deploy.component;

import dev.hagate.deploy.Change;
import dev.hagate.deploy.Neutron;
import dev.hagate.deploy.NeutronNode;
import dev.hagate.lab.Lab;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node's part of Neutron's networks on every node running {@code neutron-ovs-agent}: Open vSwitch on the
 * userspace datapath (this kernel has no Open vSwitch module, and Neutron 2025.1 no linuxbridge agent), its
 * bridge {@value NeutronNode#PHYSICAL_BRIDGE} holding the node's lab port, and Neutron's Open vSwitch agent,
 * which builds br-int and br-tun and wires the ports.
 */
public final class NeutronOvsAgentComponent implements Component {

    private static final String AGENT_TYPE = "Open vSwitch agent";
    private static final Duration ALIVE_TIMEOUT = Duration.ofSeconds(90);

    @Override
    public Service service() {
        return Service.NEUTRON_OVS_AGENT;
    }

    @Override
    public Set<Service> dependsOn() {
        return Set.of(Service.NEUTRON_SERVER);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/sbin/ovsdb-server", "/usr/sbin/ovs-vswitchd", "/usr/bin/ovs-vsctl", "/usr/bin/neutron-openvswitch-agent");
    }

    @Override
    public List<String> packages() {
        return List.of("openvswitch-switch", "neutron-openvswitch-agent");
    }

    @Override
    public List<ConfigFile> configFiles() {
        return List.of(new ConfigFile("neutron.conf", "/etc/neutron/neutron.conf", "0640"),
                new ConfigFile("neutron-openvswitch-agent.ini", "/etc/neutron/plugins/ml2/openvswitch_agent.ini", "0640"));
    }

    @Override
    public Optional<Change.Project> changeProject() {
        return Optional.of(NeutronServerComponent.PROJECT);
    }

    @Override
    public void deploy(Deployment deployment) {
        NeutronServerComponent.chooseNeutron(deployment, this);
        List<NodeSpec> nodes = deployment.nodesRunning(service());
        NeutronNode neutronNode = new NeutronNode(deployment.lab());
        deployment.progress("neutron-ovs-agent: Open vSwitch (userspace datapath) on " + Deployment.names(nodes));
        nodes.parallelStream().forEach(node -> {
            neutronNode.freshDatabase(node);
            deployment.start(service(), node, NeutronNode.OVSDB, NeutronNode.ovsdbCommand());
            neutronNode.initDatabase(node);
            deployment.start(service(), node, NeutronNode.VSWITCHD, NeutronNode.vswitchdCommand());
            neutronNode.takeOverLabPort(node);
        });
        List<String> agent = List.of("/usr/bin/neutron-openvswitch-agent",
                "--config-file", "/etc/neutron/neutron.conf", "--config-file", "/etc/neutron/plugins/ml2/openvswitch_agent.ini");
        deployment.startEverywhere(service(), NeutronNode.OVS_AGENT, node -> agent);
        nodes.forEach(node -> neutronNode.enableAtBoot(node, agent));
        new Neutron(deployment.lab(), NeutronServerComponent.keystone(deployment)).awaitAgentsAlive(AGENT_TYPE, nodes, ALIVE_TIMEOUT);
    }

    /** The node's address back on eth0 (ovs-vswitchd, stopped, took its bridge with it) and the database gone. */
    @Override
    public void reset(Lab lab) {
        NeutronNode neutronNode = new NeutronNode(lab);
        lab.topology().nodesRunning(service()).forEach(neutronNode::giveBackLabPort);
    }
}
