package dev.hagate.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hagate.TestFiles;
import dev.hagate.yaml.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void loadsTheDefaultEmbeddedTopologyWithNeutronsHaRouter() {
        Topology t = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));
        assertThat(t.nodes()).extracting(Topology.NodeSpec::name).containsExactly("ctl1", "ctl2", "ctl3", "net1", "net2", "cmp1");
        assertThat(t.nodesRunning(Service.GALERA)).hasSize(3);
        assertThat(t.nodesRunning(Service.NEUTRON_SERVER)).extracting(Topology.NodeSpec::name).containsExactly("ctl1", "ctl2", "ctl3");
        assertThat(t.nodesRunning(Service.NEUTRON_OVS_AGENT)).extracting(Topology.NodeSpec::name).containsExactly("net1", "net2", "cmp1");
        assertThat(t.nodesRunning(Service.NEUTRON_L3_AGENT)).extracting(Topology.NodeSpec::name).containsExactly("net1", "net2");
        assertThat(t.nodesRunning(Service.NEUTRON_CLIENT)).extracting(Topology.NodeSpec::name).containsExactly("cmp1");
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
                .contains("expected one of: address, bmc, domain, mac, name, roles, ssh");
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
                .contains("roles.controller.services[2]").contains("expected one of: galera, haproxy, keepalived, keystone, memcached, neutron-client, neutron-l3-agent, neutron-ovs-agent, neutron-server, rabbitmq").contains("pacemaker");
    }

    @Test
    void aServiceIsKnownByWhatTheCallerSaysExists() {
        Path file = TestFiles.write(dir, "t.yaml", VALID.replace("keepalived]", "keepalived, glance]"));
        java.util.Set<Service> known = new java.util.HashSet<>(Service.Catalog.installed().known());
        known.add(new Service("glance"));
        Topology t = TopologyLoader.load(file, HostInterfaces.none(), () -> known);
        assertThat(t.nodesRunning(new Service("glance"))).hasSize(3);
        BadInputException e = catchThrowableOfType(() -> TopologyLoader.load(file), BadInputException.class);
        assertThat(e.problems()).singleElement().asString().contains("roles.controller.services[3]: unknown service 'glance'");
    }

    @Test
    void anEmptyServiceIsAProblemAtItsLine() {
        BadInputException e = rejected(VALID.replace("keepalived]", "keepalived, ~]"));
        assertThat(e.problems()).singleElement().asString().contains("t.yaml:").contains("roles.controller.services");
    }

    @Test
    void aServiceIsPlacedOnlyWithTheServicesItsComponentNeeds() {
        BadInputException e = rejected(VALID.replace("[galera, haproxy, keepalived]", "[galera, keepalived]"));
        assertThat(e.problems()).singleElement().asString().contains("roles: keepalived needs haproxy, but no role runs it");
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

    /** VALID with Neutron's servers, two network nodes holding its HA router and a compute node with its client. */
    private static final String WITH_ROUTER = VALID.replace("[galera, haproxy, keepalived]",
            "[galera, rabbitmq, memcached, keystone, haproxy, keepalived, neutron-server]") + """
              network:
                services: [neutron-ovs-agent, neutron-l3-agent]
              compute:
                services: [neutron-ovs-agent, neutron-client]
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
        assertThat(t.nodesRunning(Service.NEUTRON_L3_AGENT)).extracting(Topology.NodeSpec::name).containsExactly("net1", "net2");
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
                .contains("t.yaml:6:1: nodes: neutron-l3-agent runs on 1 node(s); an HA router needs at least 2 network nodes");
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
    void anAddressWrittenWithLeadingZerosIsRejectedSoNoTwoNodesShareOneUnseen() {
        BadInputException e = rejected(VALID.replace("address: 10.77.0.12", "address: 10.77.0.011"));
        assertThat(e.problems()).singleElement().asString().contains("t.yaml:11:5: nodes[1].address: expected an IPv4 address"
                + " written plainly, without leading zeros, inside 10.77.0.0/24; got '10.77.0.011'");
        BadInputException vip = rejected(VALID.replace("vip: 10.77.0.10", "vip: 10.77.0.011"));
        assertThat(vip.problems()).singleElement().asString().contains("t.yaml:5:1: vip: expected a free host address inside 10.77.0.0/24");
    }

    @Test
    void theLabSubnetMustKeepClearOfLoopbackTheHaNetworkAndTheOtherLab() {
        BadInputException loopback = rejected(VALID.replace("10.77.0.", "127.0.0."));
        assertThat(loopback.problems()).singleElement().asString()
                .contains("t.yaml:4:3: lab.subnet: 127.0.0.0/24 overlaps 127.0.0.0/8, loopback; choose a subnet clear of it");
        BadInputException ha = rejected(VALID.replace("10.77.0.", "169.254.200.").replace("/24", "/22"));
        assertThat(ha.problems()).singleElement().asString().contains("t.yaml:4:3: lab.subnet: 169.254.200.0/22 overlaps"
                + " 169.254.192.0/18, the router's HA network; choose a subnet clear of it");
        BadInputException containers = rejected(VALID.replace("10.77.0.", "10.79.0."));
        assertThat(containers.problems()).singleElement().asString().contains("t.yaml:4:3: lab.subnet: 10.79.0.0/24 overlaps"
                + " 10.79.0.0/24, the subnet of the containers lab, which can be up beside this one; choose a subnet clear of it");
        BadInputException embedded = rejected(VALID.replace("kind: netns", "kind: containers").replace("10.77.0.0/24", "10.77.0.0/16"));
        assertThat(embedded.problems()).singleElement().asString().contains("lab.subnet: 10.77.0.0/16 overlaps 10.77.0.0/24, the subnet of the netns lab");
    }

    @Test
    void aLabBuiltHereTakesNoInterfaceNameOrNetworkThisMachineHasAlready() {
        HostInterfaces host = new HostInterfaces(Map.of("lo", List.of(Subnet.LOOPBACK), "eth0", List.of(Subnet.parse("10.77.0.0/16")),
                "docker0", List.of(Subnet.parse("172.17.0.0/16")), "virbr0", List.of()));
        for (String taken : List.of("eth0", "lo", "docker0", "virbr0")) {
            Path file = TestFiles.write(dir, "t.yaml", VALID.replace("subnet: 10.77.0.0/24", "subnet: 10.77.0.0/24\n  bridge: " + taken)
                    .replace("10.77.0.", "10.80.0."));
            BadInputException e = catchThrowableOfType(BadInputException.class, () -> TopologyLoader.load(file, host));
            assertThat(e.problems()).as(taken).singleElement().asString().contains("t.yaml:5:3: lab.bridge: this machine already"
                    + " has an interface named " + taken + ", which the lab did not make and must not take or remove; expected a name"
                    + " no interface here has, such as hagate0");
        }
        Path onEth0 = TestFiles.write(dir, "t.yaml", VALID);
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> TopologyLoader.load(onEth0, host));
        assertThat(e.problems()).singleElement().asString().contains("t.yaml:4:3: lab.subnet: 10.77.0.0/24 overlaps 10.77.0.0/16"
                + " on this machine's interface eth0; choose a subnet no network here uses");
        assertThat(TopologyLoader.load(TestFiles.write(dir, "t.yaml", VALID.replace("10.77.0.", "10.80.0.")), host).lab().bridge())
                .isEqualTo("hagate0");
        Path defaultBridge = TestFiles.write(dir, "t.yaml", VALID.replace("10.77.0.", "10.80.0."));
        BadInputException taken = catchThrowableOfType(BadInputException.class, () -> TopologyLoader.load(defaultBridge,
                new HostInterfaces(Map.of("hagate0", List.of()))));
        assertThat(taken.problems()).singleElement().asString().contains("t.yaml:2:1: lab.bridge: this machine already has an"
                + " interface named hagate0");
    }

    @Test
    void labsOnOtherMachinesAreNotCheckedAgainstThisOnesInterfaces() {
        HostInterfaces host = new HostInterfaces(Map.of("virbr0", List.of(Subnet.parse("192.168.122.0/24"))));
        Topology libvirt = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/libvirt-3ctl.yaml"), host);
        assertThat(libvirt.lab().subnet()).isEqualTo("192.168.122.0/24");
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
                .anySatisfy(p -> assertThat(p).contains("nodes: neutron-client runs on 0 node(s); the router needs exactly one client node"));
    }

    @Test
    void aClientWithoutARouterPointsAtTheRoles() {
        BadInputException e = rejected(withRouterNodes(WITH_ROUTER).replace("services: [neutron-ovs-agent, neutron-l3-agent]", "services: [galera]")
                .replaceAll("router:\\n(  .*\\n)+", ""));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .contains("t.yaml:25:1: roles: neutron-client sits behind the router, but no role runs neutron-l3-agent"));
    }

    @Test
    void nodeNamesMustFitInterfaceNames() {
        BadInputException e = rejected(VALID.replace("name: a\n", "name: controller-number-one\n"));
        assertThat(e.problems()).singleElement().asString().contains("nodes[0].name: expected 1 to 11 lower case letters or digits");
    }

    private static final String LIBVIRT = """
            name: lab
            lab:
              kind: libvirt
              subnet: 192.168.122.0/24
              libvirt:
                uri: qemu+ssh://root@virthost/system
                base-image: /var/lib/libvirt/images/debian-12.qcow2
            vip: 192.168.122.10
            nodes:
              - name: a
                address: 192.168.122.11
                roles: [controller]
              - name: b
                address: 192.168.122.12
                roles: [controller]
              - name: c
                address: 192.168.122.13
                domain: vm-c
                mac: 52:54:00:00:00:AA
                roles: [controller]
            roles:
              controller:
                services: [galera, haproxy, keepalived]
            """;

    @Test
    void loadsTheLibvirtTopologyForARealHost() {
        Topology t = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/libvirt-3ctl.yaml"));
        assertThat(t.lab().kind()).isEqualTo("libvirt");
        assertThat(t.lab().libvirt().uri()).startsWith("qemu+ssh://").endsWith("/system");
        assertThat(t.nodes()).extracting(Topology.NodeSpec::domain).containsExactly("hagate-ctl1", "hagate-ctl2", "hagate-ctl3");
        // The MACs written in the file are the ones the runner would make from the addresses.
        assertThat(t.nodes()).allSatisfy(n -> assertThat(n.mac()).isEqualTo(TopologyLoader.macFor(n.address())));
    }

    @Test
    void aLibvirtLabFillsInItsDefaults() {
        Topology t = TopologyLoader.load(TestFiles.write(dir, "t.yaml", LIBVIRT));
        Topology.LibvirtSpec v = t.lab().libvirt();
        assertThat(v.pool()).isEqualTo("default");
        assertThat(v.diskGib()).isEqualTo(10);
        assertThat(v.memoryMib()).isEqualTo(2048);
        assertThat(v.vcpus()).isEqualTo(2);
        assertThat(v.networks()).containsExactly("default");
        assertThat(v.sshKey()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh/id_ed25519").toString());
        assertThat(t.lab().bridge()).isNull();
        assertThat(t.nodes().get(0).domain()).isEqualTo("hagate-a");
        assertThat(t.nodes().get(0).mac()).isEqualTo("52:54:00:a8:7a:0b");
        assertThat(t.nodes().get(2).domain()).isEqualTo("vm-c");
        assertThat(t.nodes().get(2).mac()).isEqualTo("52:54:00:00:00:aa");
    }

    @Test
    void aNetnsLabHasNoLibvirtFields() {
        Topology t = TopologyLoader.load(TestFiles.write(dir, "t.yaml", VALID));
        assertThat(t.lab().libvirt()).isNull();
        assertThat(t.nodes()).allSatisfy(n -> assertThat(n.domain()).isNull());
    }

    @Test
    void aLibvirtLabWithoutItsSectionSaysWhatIsExpected() {
        BadInputException e = rejected(LIBVIRT.replaceAll("(?s)  libvirt:\n.*?debian-12.qcow2\n", ""));
        assertThat(e.problems()).singleElement().asString()
                .contains("t.yaml:2:1: lab.libvirt: missing; expected a mapping with uri and base-image");
    }

    @Test
    void libvirtFieldsAreRejectedOnANetnsLab() {
        BadInputException e = rejected(VALID.replace("  subnet: 10.77.0.0/24\n", """
                  subnet: 10.77.0.0/24
                  libvirt:
                    uri: test:///default
                """).replace("    address: 10.77.0.12\n", "    address: 10.77.0.12\n    domain: vm-b\n    mac: 52:54:00:00:00:01\n"));
        assertThat(e.problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("t.yaml:5:3: lab.libvirt: only for kind libvirt; this lab is kind 'netns'"))
                .anySatisfy(p -> assertThat(p).contains("t.yaml:14:5: nodes[1].domain: only for kind libvirt"))
                .anySatisfy(p -> assertThat(p).contains("t.yaml:15:5: nodes[1].mac: only for kind libvirt"));
    }

    @Test
    void aBridgeIsRejectedOnALibvirtLab() {
        BadInputException e = rejected(LIBVIRT.replace("  subnet: 192.168.122.0/24\n", "  subnet: 192.168.122.0/24\n  bridge: br0\n"));
        assertThat(e.problems()).singleElement().asString()
                .contains("t.yaml:5:3: lab.bridge: only for kind netns; a libvirt lab's nodes are on the networks in lab.libvirt.networks");
    }

    @Test
    void badLibvirtValuesPointAtTheirLines() {
        BadInputException e = rejected(LIBVIRT
                .replace("qemu+ssh://root@virthost/system", "'qemu system'")
                .replace("/var/lib/libvirt/images/debian-12.qcow2", "images/debian-12.qcow2\n    memory-mib: 256\n    vcpus: 0\n"
                        + "    networks: [default, default]"));
        assertThat(e.problems()).hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("t.yaml:6:5: lab.libvirt.uri: expected a libvirt connection URI such as"
                        + " qemu+ssh://root@virthost/system or test:///default; got 'qemu system'"))
                .anySatisfy(p -> assertThat(p).contains("t.yaml:7:5: lab.libvirt.base-image: expected an absolute path on the hypervisor's host"))
                .anySatisfy(p -> assertThat(p).contains("t.yaml:8:5: lab.libvirt.memory-mib: expected at least 1024"))
                .anySatisfy(p -> assertThat(p).contains("t.yaml:9:5: lab.libvirt.vcpus: expected 1 to 64 virtual CPUs per node; got 0"))
                .anySatisfy(p -> assertThat(p).contains("t.yaml:10:25: lab.libvirt.networks[1]: network 'default' is listed twice"));
    }

    @Test
    void anEmptyNetworkNameIsReportedNotACrash() {
        BadInputException e = rejected(LIBVIRT.replace("debian-12.qcow2\n", "debian-12.qcow2\n    networks: [default, ~]\n"));
        assertThat(e.problems()).singleElement().asString()
                .contains("t.yaml:8:25: lab.libvirt.networks[1]: expected the name of a libvirt network; got 'null'");
    }

    @Test
    void anUnknownLibvirtFieldListsTheKnownOnes() {
        BadInputException e = rejected(LIBVIRT.replace("    uri:", "    url:"));
        assertThat(e.problems()).singleElement().asString()
                .contains("t.yaml:6:5: lab.libvirt.url: unknown field 'url'")
                .contains("base-image, disk-gib, memory-mib, networks, pool, ssh-key, uri, vcpus");
    }

    @Test
    void libvirtNodesNeedDistinctDomainsAndUnicastMacs() {
        BadInputException e = rejected(LIBVIRT.replace("domain: vm-c", "domain: hagate-a\n    mac: 53:54:00:00:00:01")
                .replace("    mac: 52:54:00:00:00:AA\n", "").replace("    address: 192.168.122.11\n",
                        "    address: 192.168.122.11\n    domain: hagate-a\n"));
        assertThat(e.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("t.yaml:19:5: nodes[2].domain: domain 'hagate-a' is used by two nodes"))
                .anySatisfy(p -> assertThat(p).contains("t.yaml:20:5: nodes[2].mac: expected a unicast MAC address"));
    }
}
