package dev.hagate.lab;

import dev.hagate.topology.Topology;

/**
 * A lab that is up: its nodes reachable over SSH, each with a way to run services. Closing it closes the
 * runner's connections only; tearing the lab down is its kind's {@code down}.
 */
public interface Lab extends AutoCloseable {

    Topology topology();

    /** A shell on {@code node}; the same object for every call. */
    NodeShell shell(String node);

    /** How services are run on {@code node}. */
    ServiceControl services(String node);

    /**
     * The power of {@code node}: its BMC, or its hypervisor.
     *
     * @throws LabException when this lab cannot power its nodes
     */
    default PowerDriver power(String node) {
        throw new LabException("lab '" + topology().name() + "' (" + topology().lab().kind() + ") has no power control for " + node);
    }

    /**
     * Records every node's state as just deployed, for {@link #revertToDeployed}. Labs that cannot do nothing.
     *
     * @throws LabException when the lab can but fails
     */
    default void snapshotDeployed() {}

    /**
     * Returns every node to the state {@link #snapshotDeployed} recorded, so the next scenario starts from the
     * same deployed cloud as the first did.
     *
     * @return false when this lab cannot (the scenario's own reset must then bring the services back)
     * @throws LabException when the lab can but fails
     */
    default boolean revertToDeployed() {
        return false;
    }

    @Override
    void close();
}
