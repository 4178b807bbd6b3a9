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
        assertThat(t.nodes()).extracting(Topology.NodeSpec::name).containsExactly("ctl1", "ctl2", "ctl3", "net1", "net2", "cmp1");
        assertThat(t.nodesRunning(Service.GALERA)).hasSize(3);
        assertThat(t.nodesRunning(Service.L3_ROUTER)).extracting(Topology.NodeSpec::name).containsExactly("net1", "net2");
        assertThat(t.nodesRunning(Service.L3_CLIENT)).extracting(Topology.NodeSpec::name).containsExactly("cmp1");
        assertThat(t.router()).isEqualTo(new Topology.RouterSpec("10.77.0.100", "10.77.0.150"));
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
                .contains("expected one of: address, name, roles");
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

    /** VALID with two network nodes holding a router and a compute node with its client. */
    private static final String WITH_ROUTER = VALID + """
              network:
                services: [l3-router]
              compute:
                services: [l3-client]
            router:
              external_ip: 10.77.0.100
              floating_ip: 10.77.0.150
            """;

    private static String withRouterNodes(String yaml) {
        return yaml.replace("roles:\n  controller:", """
                  - name: net1
                    address: 10.77.0.21
                    roles: [network]
                  - name: net2
                    address: 10.77.0.22
                    roles: [network]
                  - name: cmp1
                    address: 10.77.0.31
                    roles: [compute]
                roles:
                  controller:""");
    }

    @Test
    void routerNodesLoadWithTheRoutersAddresses() {
        Topology t = TopologyLoader.load(TestFiles.write(dir, "t.yaml", withRouterNodes(WITH_ROUTER)));
        assertThat(t.nodesRunning(Service.L3_ROUTER)).extracting(Topology.NodeSpec::name).containsExactly("net1", "net2");
        assertThat(t.router().floatingIp()).isEqualTo("10.77.0.150");
    }

    @Test
    void anHaRouterNeedsTwoNetworkNodes() {
        BadInputException e = rejected(withRouterNodes(WITH_ROUTER).replace("""
                  - name: net2
                    address: 10.77.0.22
                    roles: [network]
                """, ""));
        assertThat(e.problems()).singleElement().asString()
                .contains("t.yaml:6:1: nodes: l3-router runs on 1 node(s); an HA router needs at least 2 network nodes");
    }

    @Test
    void theRoutersAddressesMustBeFreeAddressesOfTheLabSubnet() {
        BadInputException e = rejected(withRouterNodes(WITH_ROUTER).replace("external_ip: 10.77.0.100", "external_ip: 10.78.0.100")
                .replace("floating_ip: 10.77.0.150", "floating_ip: 10.77.0.21"));
        assertThat(e.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("t.yaml:33:3: router.external_ip: expected a host address inside 10.77.0.0/24; got '10.78.0.100'"))
                .anySatisfy(p -> assertThat(p).contains("t.yaml:34:3: router.floating_ip: 10.77.0.21 is already the bridge's, the VIP's, a node's"));
    }

    @Test
    void theLabSubnetMustNotOverlapTheRoutersInternalNetwork() {
        BadInputException e = rejected(withRouterNodes(WITH_ROUTER).replace("10.77.0.", "192.168.100.")
                .replace("10.77.0.0/24", "192.168.100.0/24"));
        assertThat(e.problems()).singleElement().asString()
                .contains("t.yaml:4:3: lab.subnet: 192.168.100.0/24 overlaps the router's internal network 192.168.100.0/24");
    }

    @Test
    void routerNodesNeedTheRouterSectionAndAClientNode() {
        String noRouter = withRouterNodes(WITH_ROUTER).replaceAll("router:\\n(  .*\\n)+", "");
        BadInputException e = rejected(noRouter.replace("""
                  - name: cmp1
                    address: 10.77.0.31
                    roles: [compute]
                """, ""));
        assertThat(e.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("router: missing; expected the router's external_ip and floating_ip"))
                .anySatisfy(p -> assertThat(p).contains("nodes: l3-client runs on 0 node(s); the router needs exactly one client node"));
    }

    @Test
    void aClientWithoutARouterPointsAtTheRoles() {
        BadInputException e = rejected(withRouterNodes(WITH_ROUTER).replace("services: [l3-router]", "services: [galera]")
                .replaceAll("router:\\n(  .*\\n)+", ""));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .contains("t.yaml:25:1: roles: l3-client sits behind the router, but no role runs l3-router"));
    }

    @Test
    void nodeNamesMustFitInterfaceNames() {
        BadInputException e = rejected(VALID.replace("name: a\n", "name: controller-number-one\n"));
        assertThat(e.problems()).singleElement().asString().contains("nodes[0].name: expected 1 to 11 lower case letters or digits");
    }
}
