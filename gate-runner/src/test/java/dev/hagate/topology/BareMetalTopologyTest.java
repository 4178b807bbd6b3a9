package dev.hagate.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hagate.TestFiles;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.yaml.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bare-metal topologies (SSH and BMC per node) and the embedded lab's BMC port, as the loader checks them. */
class BareMetalTopologyTest {

    @TempDir
    Path dir;

    private String example;

    @BeforeEach
    void files() throws Exception {
        example = Files.readString(TestFiles.repository().resolve("lab-topology/baremetal-example.yaml"));
        Files.createDirectories(dir.resolve("templates"));
        for (String f : new String[] {"keys/id_ed25519", "keys/known_hosts", "secrets/ctl1.bmc-password",
                "secrets/ctl2.bmc-password", "secrets/ctl3.bmc-password"}) {
            TestFiles.write(dir, f, "x\n");
        }
    }

    private BadInputException rejected(String yaml) {
        Path file = TestFiles.write(dir, "t.yaml", yaml);
        return (BadInputException) catchThrowable(() -> TopologyLoader.load(file));
    }

    @Test
    void theExampleLoadsWithDefaultsAndAbsolutePaths() {
        Topology t = TopologyLoader.load(TestFiles.write(dir, "t.yaml", example));
        assertThat(t.lab().baremetal()).isTrue();
        NodeSpec ctl2 = t.node("ctl2").orElseThrow();
        assertThat(ctl2.ssh().user()).isEqualTo("root");
        assertThat(ctl2.ssh().port()).isEqualTo(22);
        assertThat(ctl2.ssh().key()).isEqualTo(dir.resolve("keys/id_ed25519").toString());
        assertThat(ctl2.ssh().knownHosts()).isEqualTo(dir.resolve("keys/known_hosts").toString());
        assertThat(ctl2.bmc().address()).isEqualTo("192.0.2.112");
        assertThat(ctl2.bmc().port()).isEqualTo(623);
        assertThat(ctl2.bmc().passwordFile()).isEqualTo(dir.resolve("secrets/ctl2.bmc-password").toString());
        assertThat(ctl2.bmc().cipherSuite()).isEqualTo(3);
    }

    @Test
    void aBmcMayNameItsCipherSuiteFromZeroToSeventeen() {
        Topology t = TopologyLoader.load(TestFiles.write(dir, "t.yaml", example.replace("user: hagate, password-file: secrets/ctl2",
                "user: hagate, cipher-suite: 17, password-file: secrets/ctl2")));
        assertThat(t.node("ctl2").orElseThrow().bmc().cipherSuite()).isEqualTo(17);
        assertThat(t.node("ctl3").orElseThrow().bmc().cipherSuite()).isEqualTo(3);

        BadInputException e = rejected(example.replace("user: hagate, password-file: secrets/ctl2",
                "user: hagate, cipher-suite: 18, password-file: secrets/ctl2"));
        assertThat(e.problems()).singleElement().asString().contains("t.yaml:29:").contains(
                "nodes[1].bmc.cipher-suite: expected an IPMI cipher suite ID from 0 to 17 (3 by default; 17 for HMAC-SHA256 on newer BMCs); got 18");
        assertThat(rejected(example.replace("user: hagate, password-file: secrets/ctl2",
                "user: hagate, cipher-suite: -1, password-file: secrets/ctl2")).problems()).singleElement().asString()
                .contains("got -1");
    }

    @Test
    void theSubnetIsOptionalAndHostNamesAreAddresses() {
        Topology t = TopologyLoader.load(TestFiles.write(dir, "t.yaml", example.replace("  subnet: 192.0.2.0/24", "")
                .replace("address: 192.0.2.11\n", "address: ctl1.rack-a.example\n")));
        assertThat(t.node("ctl1").orElseThrow().address()).isEqualTo("ctl1.rack-a.example");
        assertThat(t.lab().subnet()).isNull();
    }

    @Test
    void hostNamesAreComparedByValueNotByHowTheyAreWritten() {
        BadInputException e = rejected(example.replace("  subnet: 192.0.2.0/24", "")
                .replace("address: 192.0.2.11\n", "address: ctl1.rack-a.example\n")
                .replace("address: 192.0.2.12\n", "address: CTL1.Rack-A.example\n"));
        assertThat(e.problems()).singleElement().asString()
                .contains("nodes[1].address: address CTL1.Rack-A.example is used by two nodes");
    }

    @Test
    void anAddressWithLeadingZerosIsNeitherAnAddressNorAHostName() {
        BadInputException e = rejected(example.replace("  subnet: 192.0.2.0/24", "").replace("address: 192.0.2.12\n", "address: 192.0.2.011\n"));
        assertThat(e.problems()).singleElement().asString()
                .contains("nodes[1].address: expected an IPv4 address or a host name; got '192.0.2.011'");
    }

    @Test
    void aMissingPasswordFileNamesItsLineAndTheFileLooked() {
        BadInputException e = rejected(example.replace("secrets/ctl2.bmc-password", "secrets/nope"));
        assertThat(e.problems()).singleElement().asString()
                .startsWith(dir.resolve("t.yaml") + ":29:47: ")
                .contains("nodes[1].bmc.password-file: expected a file holding the BMC user's password")
                .contains(dir.resolve("secrets/nope") + " is not a readable file");
    }

    @Test
    void everyMissingAccessFieldIsReportedAtOnce() {
        BadInputException e = rejected(example
                .replace("    ssh: {key: keys/id_ed25519, known-hosts: keys/known_hosts}\n    bmc: {address: 192.0.2.112,",
                        "    bmc: {address: 192.0.2.112,")
                .replace("{address: 192.0.2.113, user: hagate, ", "{port: 70000, "));
        assertThat(e.problems()).hasSize(4)
                .anySatisfy(p -> assertThat(p).contains(":25:5: nodes[1].ssh: missing; expected how to log in"))
                .anySatisfy(p -> assertThat(p).contains("nodes[2].bmc.address: missing; expected the BMC's IPv4 address"))
                .anySatisfy(p -> assertThat(p).contains("nodes[2].bmc.user: missing; expected the IPMI user name"))
                .anySatisfy(p -> assertThat(p).contains("nodes[2].bmc.port: expected a port from 1 to 65535; got 70000"));
    }

    @Test
    void anUnknownAccessFieldListsTheKnownOnes() {
        BadInputException e = rejected(example.replace("      known-hosts: keys/known_hosts\n", "      known_hosts: keys/known_hosts\n"));
        assertThat(e.problems()).singleElement().asString()
                .contains("t.yaml:19:7: nodes[0].ssh.known_hosts: unknown field 'known_hosts'")
                .contains("known-hosts");
    }

    @Test
    void embeddedLabsTakeNoSshOrBmcAndBareMetalLabsNoBridge() {
        BadInputException netns = rejected(example.replace("kind: baremetal", "kind: netns"));
        assertThat(netns.problems()).hasSize(6).allSatisfy(p -> assertThat(p).contains("only for bare-metal labs"));
        BadInputException bridge = rejected(example.replace("  kind: baremetal\n", "  kind: baremetal\n  bridge: br0\n"));
        assertThat(bridge.problems()).singleElement().asString().contains(":8:3: lab.bridge: only for the embedded lab");
    }

    @Test
    void theEmbeddedLabsBmcPortDefaultsAndIsChecked() {
        String netns = """
                name: lab
                lab:
                  kind: netns
                  subnet: 10.78.0.0/24
                  bmc-port: %s
                vip: 10.78.0.10
                nodes:
                  - {name: a, address: 10.78.0.11, roles: [controller]}
                  - {name: b, address: 10.78.0.12, roles: [controller]}
                  - {name: c, address: 10.78.0.13, roles: [controller]}
                roles:
                  controller:
                    services: [galera, haproxy, keepalived]
                """;
        assertThat(TopologyLoader.load(TestFiles.write(dir, "t.yaml", netns.formatted("6330"))).lab().bmcPort()).isEqualTo(6330);
        assertThat(TopologyLoader.load(TestFiles.write(dir, "t.yaml", netns.replace("  bmc-port: %s\n", ""))).lab().bmcPort())
                .isEqualTo(TopologyLoader.DEFAULT_BMC_PORT);
        assertThat(rejected(netns.formatted("80")).problems()).singleElement().asString()
                .contains("t.yaml:5:3: lab.bmc-port: expected the first BMC port on 127.0.0.1, from 1024 to 65000; got 80");
    }
}
