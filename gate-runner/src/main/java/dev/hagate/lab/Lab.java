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

    @Override
    void close();
}
