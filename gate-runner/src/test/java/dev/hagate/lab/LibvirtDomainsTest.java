package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;

class LibvirtDomainsTest {

    @TempDir
    Path tmp;

    private Topology topology;
    private LabDirectory dir;

    @BeforeEach
    void lease() {
        LibvirtTestLab.assumeLibvirt();
        topology = LibvirtTestLab.topology(tmp);
        dir = new LabDirectory(tmp.resolve("state"));
        dir.takeLease(topology.name(), "libvirt.yaml", "run");
    }

    @AfterEach
    void nothingOfTheLabIsLeft() throws Exception {
        if (dir != null) {
            Labs.down(dir);
            assertThat(definedOrRunning()).noneMatch(this::ours);
            assertThat(volumes()).noneMatch(this::ours);
        }
    }

    private boolean ours(String name) {
        return topology.nodes().stream().anyMatch(n -> name.startsWith(n.domain()));
    }

    private static List<String> definedOrRunning() throws Exception {
        Connect c = LibvirtTestLab.connect();
        List<String> names = new java.util.ArrayList<>(Arrays.asList(c.listDefinedDomains()));
        for (int id : c.listDomains()) {
            names.add(c.domainLookupByID(id).getName());
        }
        return names;
    }

    private static List<String> volumes() throws Exception {
        return Arrays.asList(LibvirtTestLab.connect().storagePoolLookupByName("default-pool").listVolumes());
    }

    private static Domain domain(NodeSpec node) throws Exception {
        return LibvirtTestLab.connect().domainLookupByName(node.domain());
    }

    @Test
    void definesEachNodeOnItsOwnOverlayWithItsMemoryCpusAndMac() throws Exception {
        LibvirtDomains domains = new LibvirtDomains(topology, dir);
        NodeSpec a = topology.nodes().get(0);
        domains.define(a);

        assertThat(domains.state(a)).isEqualTo(DomainState.VIR_DOMAIN_SHUTOFF);
        assertThat(volumes()).contains(a.domain() + ".qcow2");
        Domain d = domain(a);
        assertThat(d.getInfo().maxMem).isEqualTo(1536L * 1024);
        assertThat(d.getInfo().nrVirtCpu).isEqualTo(3);
        String xml = d.getXMLDesc(0);
        assertThat(xml).contains("<mac address='52:54:00:a8:7a:0b'/>", "<source network='default'/>",
                "/default-pool/" + a.domain() + ".qcow2");
        assertThat(LibvirtDomains.volumeXml("x.qcow2", 4, "/images/debian-12.qcow2"))
                .contains("<capacity unit='GiB'>4</capacity>", "<backingStore><path>/images/debian-12.qcow2</path>");
        // Journaled before made, newest first: the domain, then its disk.
        assertThat(dir.journalNewestFirst()).extracting(e -> e[0] + " " + e[1]).containsExactly(
                "libvirt-domain test:///default " + a.domain(),
                "libvirt-volume test:///default default-pool " + a.domain() + ".qcow2");
    }

    @Test
    void defineStartSnapshotRevertAndDownLeaveNothing() throws Exception {
        LibvirtDomains domains = new LibvirtDomains(topology, dir);
        List<NodeSpec> nodes = topology.nodes();
        nodes.forEach(domains::define);
        nodes.forEach(domains::start);
        assertThat(nodes).allSatisfy(n -> assertThat(domains.state(n)).isEqualTo(DomainState.VIR_DOMAIN_RUNNING));

        domains.snapshotAll(nodes, LibvirtDomains.DEPLOYED);
        // Taken paused, resumed together.
        assertThat(nodes).allSatisfy(n -> {
            assertThat(domains.snapshots(n)).containsExactly(LibvirtDomains.DEPLOYED);
            assertThat(domains.state(n)).isEqualTo(DomainState.VIR_DOMAIN_RUNNING);
        });

        // A scenario powered one node off and paused another; the revert brings the whole cluster back running.
        NodeSpec a = nodes.get(0);
        new LibvirtPower(a.name(), a.domain(), LibvirtTestLab.URI).powerOff();
        domain(nodes.get(1)).suspend();
        domains.revertAll(nodes, LibvirtDomains.DEPLOYED);
        assertThat(nodes).allSatisfy(n -> assertThat(domains.state(n)).isEqualTo(DomainState.VIR_DOMAIN_RUNNING));

        assertThat(Labs.down(dir)).isEmpty();
        assertThat(definedOrRunning()).noneMatch(this::ours);
        assertThat(volumes()).noneMatch(this::ours);
        assertThat(dir.root()).doesNotExist();
        assertThat(Labs.down(dir)).as("a second lab down").isEmpty();
    }

    @Test
    void revertingToASnapshotNeverTakenIsALabError() {
        LibvirtDomains domains = new LibvirtDomains(topology, dir);
        NodeSpec a = topology.nodes().get(0);
        domains.define(a);
        domains.start(a);
        assertThatThrownBy(() -> domains.revertAll(List.of(a), LibvirtDomains.DEPLOYED)).isInstanceOf(LabException.class)
                .hasMessageContaining("cannot revert to snapshot 'hagate-deployed' libvirt domain '" + a.domain()
                        + "' (node a) on test:///default");
    }

    @Test
    void aLabDownAfterAKilledRunnerRemovesWhatItHadBuilt() throws Exception {
        // The runner got as far as two domains, one booted and snapshotted, a third journaled but never made
        // (killed between the journal line and the libvirt call); then it died: nothing but the journal is left.
        LibvirtDomains domains = new LibvirtDomains(topology, dir);
        NodeSpec a = topology.nodes().get(0);
        NodeSpec b = topology.nodes().get(1);
        domains.define(a);
        domains.define(b);
        domains.start(a);
        domains.snapshotAll(List.of(a), LibvirtDomains.DEPLOYED);
        dir.journal("libvirt-volume", LibvirtTestLab.URI + " default-pool " + topology.nodes().get(2).domain() + ".qcow2");
        assertThat(definedOrRunning()).filteredOn(this::ours).hasSize(2);

        // `lab down` in a new process knows only the lab directory.
        List<String> leftovers = Labs.down(new LabDirectory(dir.root()));

        assertThat(leftovers).isEmpty();
        assertThat(definedOrRunning()).noneMatch(this::ours);
        assertThat(volumes()).noneMatch(this::ours);
        assertThat(Files.exists(dir.root())).isFalse();
    }

    @Test
    void neverTakesOverADomainThatWasAlreadyThere() throws Exception {
        // The test hypervisor's own running domain 'test' is not the lab's: defining a node over it is refused,
        // nothing is journaled, and lab down leaves it running.
        NodeSpec intruder = new NodeSpec("x", "192.168.122.20", List.of("controller"), "test", "52:54:00:a8:7a:14", null, null);
        LibvirtDomains domains = new LibvirtDomains(topology, dir);
        assertThatThrownBy(() -> domains.define(intruder)).isInstanceOf(LabException.class)
                .hasMessage("libvirt domain 'test' already exists on test:///default; remove it, or name another in the"
                        + " topology (nodes[].domain)");
        assertThat(dir.journalNewestFirst()).isEmpty();
        assertThat(Labs.down(dir)).isEmpty();
        assertThat(LibvirtTestLab.connect().domainLookupByName("test").getInfo().state).isEqualTo(DomainState.VIR_DOMAIN_RUNNING);
    }

    @Test
    void aMissingStoragePoolIsALabErrorNamingItAndTheUri() {
        Topology.LibvirtSpec s = topology.lab().libvirt();
        Topology noPool = new Topology(topology.name(), new Topology.LabSpec("libvirt", topology.lab().subnet(), null,
                new Topology.LibvirtSpec(s.uri(), s.baseImage(), "no-such-pool", s.diskGib(), s.memoryMib(), s.vcpus(),
                        s.networks(), s.sshKey()), null), topology.vip(), topology.nodes(), topology.roles(), topology.templates());
        NodeSpec a = topology.nodes().get(0);
        assertThatThrownBy(() -> new LibvirtDomains(noPool, dir).define(a)).isInstanceOf(LabException.class)
                .hasMessageContaining("cannot define libvirt domain '" + a.domain() + "' (node a) on test:///default")
                .hasMessageContaining("no-such-pool");
    }
}
