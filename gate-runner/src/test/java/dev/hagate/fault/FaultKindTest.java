package dev.hagate.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

/** Each fault kind's declaration says which node it hits on a topology, or how that node is chosen at run time. */
class FaultKindTest {

    private final Topology embedded = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));

    @Test
    void aTargetNamedByNodeResolvesToThatNode() {
        assertThat(PartitionFault.DECLARATION.describeTarget("ctl2", embedded)).isEqualTo("hits node ctl2");
    }

    @Test
    void aRoleSaysHowItsNodeIsChosenAndAmongWhichNodes() {
        assertThat(KillGaleraNodeFault.DECLARATION.describeTarget(null, embedded)).isEqualTo("hits writer, chosen at run time:"
                + " the node HAProxy sends writes to, asked through the VIP (one of ctl1, ctl2, ctl3)");
        assertThat(PowerOffFault.DECLARATION.describeTarget(null, embedded))
                .isEqualTo("hits vip-holder, chosen at run time: whichever node holds the VIP (one of ctl1, ctl2, ctl3)");
        assertThat(DropL3AgentFault.HOST_UP_DECLARATION.describeTarget("master", embedded))
                .isEqualTo("hits master, chosen at run time: whichever router node is master (one of net1, net2)");
    }

    @Test
    void noFaultHitsNoNode() {
        assertThat(NoFault.DECLARATION.describeTarget(null, embedded)).isEqualTo("hits no node");
    }

    @Test
    void theRegistryFindsEveryKindByNameInTheOrderMessagesListThem() {
        assertThat(FaultKinds.names()).containsExactly("kill-galera-node", "power-off", "partition", "none", "drop-l3-agent",
                "kill-router-processes", "stop-l3-agent");
        assertThat(FaultKinds.find("partition")).containsSame(PartitionFault.DECLARATION);
        assertThat(FaultKinds.find("no-such-fault")).isEmpty();
    }

    @Test
    void onlyAPartitionTakesAPortAndTheRouterFaultsNeedRouterNodes() {
        assertThat(FaultKinds.all().stream().filter(FaultKind::takesPort).map(FaultKind::name)).containsExactly("partition");
        assertThat(DropL3AgentFault.DECLARATION.service()).isEqualTo(Service.NEUTRON_L3_AGENT);
        assertThat(DropL3AgentFault.DECLARATION.roleWords()).containsExactly("master");
        assertThat(PowerOffFault.DECLARATION.service()).isNull();
    }
}
