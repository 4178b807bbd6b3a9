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

    private final Topology embedded = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));

    @Test
    void aHostGoingDarkTakesItsRouterNamespacesWithTheirPorts(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        lab.addresses("net1", "");
        new RouterHost(lab).cutPorts(embedded.node("net1").orElseThrow());
        assertThat(lab.calls()).containsExactly("net1: ip netns list", "net1: ip netns delete qrouter-net1");
    }
}
