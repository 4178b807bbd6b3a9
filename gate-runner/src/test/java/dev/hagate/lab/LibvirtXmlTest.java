package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hagate.TestFiles;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.LibvirtSpec;
import dev.hagate.topology.TopologyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XML a libvirt lab sends a real QEMU host (which the tests have not), checked against libvirt's own
 * schemas with {@code virt-xml-validate} (Debian's libvirt-clients and libxml2-utils).
 */
class LibvirtXmlTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void validator() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/virt-xml-validate")) && Files.isExecutable(Path.of("/usr/bin/xmllint"));
        assumeTrue(present, "virt-xml-validate is not installed (Debian's libvirt-clients and libxml2-utils)");
    }

    private ExecResult validate(String xml, String schema) throws IOException {
        Path file = Files.writeString(tmp.resolve(schema + ".xml"), xml);
        return HostCommand.exec(List.of("virt-xml-validate", file.toString(), schema), Duration.ofSeconds(30));
    }

    @Test
    void aKvmNodeWithTwoNetworksIsAValidDomain() throws IOException {
        Topology t = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/libvirt-3ctl.yaml"));
        LibvirtSpec s = t.lab().libvirt();
        LibvirtSpec twoNetworks = new LibvirtSpec(s.uri(), s.baseImage(), s.pool(), s.diskGib(), s.memoryMib(), s.vcpus(),
                List.of("default", "storage"), s.sshKey());
        String xml = LibvirtDomains.domainXml("kvm", t.name(), t.nodes().get(0), twoNetworks, "/var/lib/libvirt/images/hagate-ctl1.qcow2");

        ExecResult result = validate(xml, "domain");

        assertThat(result.ok()).as(result.stdout() + result.stderr()).isTrue();
        assertThat(xml).contains("<memory unit='MiB'>4096</memory>", "<vcpu>2</vcpu>", "<cpu mode='host-passthrough'/>",
                "<mac address='52:54:00:a8:7a:0b'/><source network='default'/>", "<source network='storage'/>");
    }

    @Test
    void theOverlayIsAValidVolumeBackedByTheBaseImage() throws IOException {
        ExecResult result = validate(LibvirtDomains.volumeXml("hagate-ctl1.qcow2", 20,
                "/var/lib/libvirt/images/debian-12-hagate.qcow2"), "storagevol");
        assertThat(result.ok()).as(result.stdout() + result.stderr()).isTrue();
    }

    @Test
    void theDeployedSnapshotIsAValidDomainSnapshot() throws IOException {
        ExecResult result = validate(LibvirtDomains.snapshotXml(LibvirtDomains.DEPLOYED, "libvirt-3ctl"), "domainsnapshot");
        assertThat(result.ok()).as(result.stdout() + result.stderr()).isTrue();
    }
}
