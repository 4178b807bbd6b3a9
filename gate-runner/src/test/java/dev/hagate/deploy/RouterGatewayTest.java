package dev.hagate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.hagate.TestFiles;
import dev.hagate.deploy.RouterGateway.GatewayState;
import dev.hagate.lab.LabException;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterGatewayTest {

    private final Topology embedded = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));

    @Test
    void theGatewayIsAnsweredForOnlyFromAPortThatIsUp(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        lab.addresses("net1", "qr-7c1e2a904b5    UP             192.168.100.1/24 \n");
        lab.addresses("net2", "qr-7c1e2a904b5    DOWN           192.168.100.1/24 \n");
        RouterGateway gateway = new RouterGateway(lab);
        assertThat(gateway.states()).containsExactly(new GatewayState("net1", true, false), new GatewayState("net2", false, true));
        assertThat(gateway.holders()).containsExactly("net1");
        assertThat(lab.calls()).contains("net1: ip netns list", "net1: ip -n qrouter-net1 -br -4 addr show");
    }

    @Test
    void twoMastersAreASplitBrainNamedWhenTheWaitForOneTimesOut(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        lab.addresses("net1", "qr-7c1e2a904b5    UP             192.168.100.1/24 \n");
        lab.addresses("net2", "qr-7c1e2a904b5    UNKNOWN        192.168.100.1/24 \n");
        assertThatThrownBy(() -> new RouterGateway(lab).awaitSingleMaster(Duration.ofMillis(300)))
                .isInstanceOf(DeploymentException.class)
                .hasMessageStartingWith("router: the gateway 192.168.100.1 held by exactly one router, steady for 4 s: not within 0.3 s")
                .hasMessageEndingWith("(last seen: held by net1, net2 (split brain))");
    }

    @Test
    void aNodeThatCannotBeAskedIsNotTakenForOneHoldingNothing(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        lab.addresses("net1", "qr-7c1e2a904b5    UP             192.168.100.1/24 \n");
        lab.unreachable("net2");
        RouterGateway gateway = new RouterGateway(lab);
        assertThatThrownBy(gateway::states).isInstanceOf(LabException.class)
                .hasMessage("cannot ask net2 which router holds the gateway: ssh: connect to host net2 port 22: No route to host");
        assertThatThrownBy(() -> gateway.awaitSingleMaster(Duration.ofSeconds(5))).isInstanceOf(LabException.class);
    }

    /** A machine without power answers for nothing: the other router is then the only master, not an unknown. */
    @Test
    void aNodeItsBmcSaysIsOffHoldsNothing(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        lab.addresses("net1", "qr-7c1e2a904b5    UP             192.168.100.1/24 \n");
        lab.powerOff("net2");
        RouterGateway gateway = new RouterGateway(lab);
        assertThat(gateway.holders()).containsExactly("net1");
        assertThat(gateway.states()).extracting(GatewayState::node, GatewayState::answering)
                .containsExactly(tuple("net1", true), tuple("net2", false));
    }
}
