package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.lab.PowerDriver.PowerState;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libvirt lab as the gate uses it, short of SSH into the guests (the test hypervisor boots nothing). */
class LibvirtLabTest {

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
    void down() {
        if (dir != null) {
            assertThat(Labs.down(dir)).isEmpty();
        }
    }

    @Test
    void aMissingSshKeyStopsTheLabBeforeAnythingIsMade() {
        assertThatThrownBy(() -> Labs.up(topology, dir)).isInstanceOf(LabException.class)
                .hasMessage("the runner's SSH key " + tmp.resolve("id_ed25519") + " (lab.libvirt.ssh-key) is not readable");
        assertThat(dir.journalNewestFirst()).isEmpty();
    }

    @Test
    void theLabPowersEachNodeThroughItsDomainAndSnapshotsThemAsDeployed() {
        HostCommand.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("id_ed25519").toString());
        try (Lab lab = Labs.attach(topology, dir)) {
            assertThat(lab).isInstanceOf(LibvirtLab.class);
            LibvirtDomains domains = ((LibvirtLab) lab).domains();
            topology.nodes().forEach(domains::define);
            topology.nodes().forEach(domains::start);

            NodeSpec b = topology.nodes().get(1);
            PowerDriver power = lab.power("b");
            assertThat(power).isInstanceOf(LibvirtPower.class);
            assertThat(((LibvirtPower) power).domain()).isEqualTo(b.domain());
            power.powerOff();
            assertThat(power.status()).isEqualTo(PowerState.OFF);
            assertThat(lab.power("a").status()).isEqualTo(PowerState.ON);
            power.powerOn();

            lab.snapshotDeployed();
            assertThat(topology.nodes()).allSatisfy(n -> assertThat(domains.snapshots(n)).containsExactly(LibvirtDomains.DEPLOYED));
            assertThat(dir.journalNewestFirst()).extracting(e -> e[0]).startsWith("libvirt-snapshot", "libvirt-snapshot", "libvirt-snapshot");
            assertThatThrownBy(() -> lab.power("zz")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no node 'zz'");
        }
    }
}
