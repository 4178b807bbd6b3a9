package dev.hagate.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.TestFiles;
import dev.hagate.yaml.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {

    @TempDir
    Path dir;

    private static final String VALID = """
            name: lab
            lab:
              kind: netns
              subnet: 10.77.0.0/24
            vip: 10.77.0.10
            nodes:
              - name: a
                address: 10.77.0.11
                roles: [controller]
              - name: b
                address: 10.77.0.12
                roles: [controller]
              - name: c
                address: 10.77.0.13
                roles: [controller]
            roles:
              controller:
                services: [galera, haproxy, keepalived]
            """;

    @BeforeEach
    void templates() throws Exception {
        Files.createDirectories(dir.resolve("templates"));
    }

    private BadInputException rejected(String yaml) {
        Path file = TestFiles.write(dir, "t.yaml", yaml);
        return (BadInputException) org.assertj.core.api.Assertions.catchThrowable(() -> TopologyLoader.load(file));
    }

    @Test
    void loadsTheDefaultEmbeddedTopology() {
        Topology t = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));
        assertThat(t.nodes()).extracting(Topology.NodeSpec::name).containsExactly("ctl1", "ctl2", "ctl3");
        assertThat(t.nodesRunning(Service.GALERA)).hasSize(3);
        assertThat(t.lab().bridge()).isEqualTo("hagate0");
        assertThat(t.templates()).isDirectory();
    }

    @Test
    void defaultsTheBridgeAndTemplates() {
        Topology t = TopologyLoader.load(TestFiles.write(dir, "t.yaml", VALID));
        assertThat(t.lab().bridge()).isEqualTo("hagate0");
        assertThat(t.templates()).isEqualTo(dir.resolve("templates"));
    }

    @Test
    void anUnknownFieldNamesItsLineColumnAndTheFieldsExpected() {
        BadInputException e = rejected(VALID.replace("    address: 10.77.0.12", "    adress: 10.77.0.12"));
        assertThat(e.problems()).singleElement().asString()
                .startsWith(dir.resolve("t.yaml") + ":11:5: nodes[1].adress: unknown field 'adress'")
                .contains("expected one of: address, bmc, name, roles, ssh");
    }

    @Test
    void anAddressOutsideTheSubnetPointsAtItsLine() {
        BadInputException e = rejected(VALID.replace("10.77.0.12", "10.78.0.12"));
        assertThat(e.problems()).singleElement().asString()
                .contains("t.yaml:11:5: nodes[1].address: expected a host address inside 10.77.0.0/24; got '10.78.0.12'");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        BadInputException e = rejected(VALID.replace("name: c", "name: a").replace("vip: 10.77.0.10", "vip: 10.77.0.13")
                .replace("roles: [controller]\n  - name: b", "roles: [compute]\n  - name: b"));
        assertThat(e.problems()).hasSize(3).anySatisfy(p -> assertThat(p).contains("nodes[2].name: node 'a' is defined twice"))
                .anySatisfy(p -> assertThat(p).contains("vip: the virtual IP 10.77.0.13 is also a node's address"))
                .anySatisfy(p -> assertThat(p).contains("nodes[0].roles[0]: unknown role 'compute'; expected one of: controller"));
    }

    @Test
    void aMissingFieldPointsAtItsParentAndSaysWhatWasExpected() {
        BadInputException e = rejected(VALID.replace("  subnet: 10.77.0.0/24\n", ""));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("t.yaml:2:1: lab.subnet: missing; expected an IPv4 subnet"));
    }

    @Test
    void aWrongTypeSaysWhatWasExpected() {
        BadInputException e = rejected(VALID.replace("roles: [controller]\n  - name: b", "roles: controller\n  - name: b"));
        assertThat(e.problems()).singleElement().asString().contains("nodes[0].roles: expected a list");
    }

    @Test
    void anUnknownServiceListsTheKnownOnes() {
        BadInputException e = rejected(VALID.replace("keepalived]", "pacemaker]"));
        assertThat(e.problems()).singleElement().asString()
                .contains("roles.controller.services[2]").contains("galera, haproxy, keepalived").contains("pacemaker");
    }

    @Test
    void galeraNeedsThreeNodesForQuorum() {
        BadInputException e = rejected(VALID.replace("""
                  - name: c
                    address: 10.77.0.13
                    roles: [controller]
                """, ""));
        assertThat(e.problems()).singleElement().asString().contains("it needs at least 3 to keep quorum");
    }

    @Test
    void yamlSyntaxErrorsKeepTheirPosition() {
        BadInputException e = rejected("name: lab\nvip: '10.77.0.10\n");
        assertThat(e.problems()).singleElement().asString().matches(".*t\\.yaml:\\d+:\\d+: not valid YAML: .*");
    }

    @Test
    void aMissingFileIsBadInputNotACrash() {
        assertThatThrownBy(() -> TopologyLoader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope.yaml: no such file");
    }

    @Test
    void nodeNamesMustFitInterfaceNames() {
        BadInputException e = rejected(VALID.replace("name: a\n", "name: controller-number-one\n"));
        assertThat(e.problems()).singleElement().asString().contains("nodes[0].name: expected 1 to 11 lower case letters or digits");
    }
}
