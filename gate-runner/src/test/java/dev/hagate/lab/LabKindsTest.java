package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.topology.LabFields;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.LabSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every lab kind a topology may name is built by exactly one declared lab kind, and no other is. */
class LabKindsTest {

    @Test
    void eachKindATopologyMayNameHasOneLabAndEveryLabKindHasItsFields() {
        assertThat(LabKinds.all().stream().map(LabKind::fields).toList()).containsExactlyElementsOf(LabFields.ALL);
        assertThat(LabKinds.all().stream().map(LabKind::name).toList()).containsExactlyElementsOf(LabSpec.KINDS);
        assertThat(LabKinds.find(LabSpec.CONTAINERS)).containsSame(ContainerLab.DECLARATION);
    }

    @Test
    void aKindNoLabHasIsALabErrorNamingIt() {
        Topology odd = new Topology("odd", new LabSpec("vmware", "10.0.0.0/24", null), "10.0.0.9", List.of(), java.util.Map.of(),
                Path.of("."));
        assertThatThrownBy(() -> Labs.attach(odd, null)).isInstanceOf(LabException.class)
                .hasMessage("lab kind 'vmware' of odd cannot be built here");
    }
}
