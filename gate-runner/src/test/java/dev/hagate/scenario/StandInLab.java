package dev.hagate.scenario;

import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.ServiceControl;
import dev.hagate.topology.Topology;
import java.util.List;

/**
 * A lab for sequencing tests, where nothing reaches a node: it has a name, can revert to a deployed snapshot
 * when told it can, and writes what is done to it in a shared log ({@code "revert lab1"}, {@code "close lab1"}).
 */
final class StandInLab implements Lab {

    private final String name;
    private final boolean canRevert;
    private final List<String> log;

    StandInLab(String name, boolean canRevert, List<String> log) {
        this.name = name;
        this.canRevert = canRevert;
        this.log = log;
    }

    String name() {
        return name;
    }

    @Override
    public Topology topology() {
        throw new LabException("lab " + name + " has no topology: nothing here reaches a node");
    }

    @Override
    public NodeShell shell(String node) {
        throw new LabException("lab " + name + " reaches no node");
    }

    @Override
    public ServiceControl services(String node) {
        throw new LabException("lab " + name + " runs no service");
    }

    @Override
    public void snapshotDeployed() {
        log.add("snapshot " + name);
    }

    @Override
    public boolean revertToDeployed() {
        if (canRevert) {
            log.add("revert " + name);
        }
        return canRevert;
    }

    @Override
    public void close() {
        log.add("close " + name);
    }
}
