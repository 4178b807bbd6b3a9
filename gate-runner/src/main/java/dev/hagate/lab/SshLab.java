package dev.hagate.lab;

import dev.hagate.topology.Topology;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every kind of lab shares once its nodes exist: each node reached through one SSH shell, its services run
 * under pidfiles through that shell ({@link PidfileServiceControl}), and its power driven by a driver of the
 * lab's kind. Subclasses say how nodes are made and powered; the lookups live here once.
 */
abstract class SshLab implements Lab {

    private final Topology topology;
    private final Map<String, NodeShell> shells = new LinkedHashMap<>();
    private final Map<String, ServiceControl> services = new LinkedHashMap<>();
    private final Map<String, PowerDriver> power = new LinkedHashMap<>();

    SshLab(Topology topology) {
        this.topology = topology;
    }

    /** Sets (or replaces, after a revert) the shell through which {@code node} is reached and its services run. */
    final void connect(String node, NodeShell shell) {
        NodeShell previous = shells.put(node, shell);
        if (previous != null) {
            previous.close();
        }
        services.put(node, new PidfileServiceControl(shell));
    }

    final void powerWith(String node, PowerDriver driver) {
        power.put(node, driver);
    }

    /** Closes every node's shell; the next command through it opens a new connection. */
    final void closeShells() {
        shells.values().forEach(NodeShell::close);
    }

    @Override
    public final Topology topology() {
        return topology;
    }

    @Override
    public final NodeShell shell(String node) {
        return known(shells, node);
    }

    @Override
    public final ServiceControl services(String node) {
        return known(services, node);
    }

    @Override
    public PowerDriver power(String node) {
        return known(power, node);
    }

    private <T> T known(Map<String, T> byNode, String node) {
        T value = byNode.get(node);
        if (value == null) {
            throw new IllegalArgumentException("no node '" + node + "' in lab " + topology.name());
        }
        return value;
    }

    @Override
    public void close() {
        closeShells();
    }
}
