package dev.hagate.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import dev.hagate.deploy.StubbedNodes;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterHostTest {

    private static final String NS = "qrouter-5d0b3f6e-8a41-4c2e-9b7a-2f1e6c9d4a10";

    private final Topology embedded = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));

    @Test
    void aHostGoingDarkTakesItsRoutersThreePortsDown(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        new RouterHost(lab).cutPorts(embedded.node("net1").orElseThrow());
        assertThat(lab.calls()).containsExactly(
                "net1: ip -n " + NS + " link set qg-2b8d61f0c3a down",
                "net1: ip -n " + NS + " link set qr-7c1e2a904b5 down",
                "net1: ip -n " + NS + " link set ha-3f0a9c1e-1 down");
    }
}
