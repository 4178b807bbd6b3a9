package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

class ContainerLabTest {

    private static Topology load(String file) {
        return TopologyLoader.load(TestFiles.repository().resolve("lab-topology").resolve(file));
    }

    @Test
    void theContainerTopologyHasItsOwnSubnetBridgeAndNamesBesideTheEmbeddedLab() {
        Topology containers = load("containers.yaml");
        Topology embedded = load("embedded.yaml");
        assertThat(containers.lab().kind()).isEqualTo(ContainerLab.KIND);
        assertThat(containers.nodes()).hasSize(3);
        assertThat(containers.lab().subnet()).isNotEqualTo(embedded.lab().subnet());
        assertThat(containers.lab().bridge()).isNotEqualTo(embedded.lab().bridge());
        assertThat(ContainerLab.network(containers)).isEqualTo("hagate-containers");
        assertThat(ContainerLab.container(containers, "ctl1")).isEqualTo("hagate-containers-ctl1");
    }

    @Test
    void aNodeKeepsOneLocallyAdministeredMacAddressMadeOfItsIpAddress() {
        assertThat(ContainerLab.macAddress("10.79.0.12")).isEqualTo("02:48:0a:4f:00:0c");
        assertThat(ContainerLab.macAddress("10.79.0.255")).isEqualTo("02:48:0a:4f:00:ff");
    }
}
