package dev.hagate.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hagate.TestFiles;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.libvirt.Connect;

/**
 * Libvirt labs on libvirt's {@code test:///default} hypervisor: no daemon, state kept in the runner's
 * connection (which {@link LibvirtConnections} shares, so {@code lab down} sees what the lab made). Each
 * topology gets its own domain names, since every test in the JVM shares that one hypervisor.
 */
final class LibvirtTestLab {

    static final String URI = "test:///default";
    private static final AtomicInteger LABS = new AtomicInteger();

    private LibvirtTestLab() {}

    /** Skips the calling test, with the reason, when libvirt0 cannot be loaded here. */
    static void assumeLibvirt() {
        Optional<String> why = LibvirtConnections.unavailable();
        assumeTrue(why.isEmpty(), () -> "libvirt is not usable here (install Debian's libvirt0): " + why.orElse(""));
    }

    static Connect connect() {
        return LibvirtConnections.open(URI);
    }

    /** A three-node libvirt topology on {@code test:///default} whose domains are named {@code <prefix>-a} etc. */
    static Topology topology(Path dir) {
        String prefix = "t" + ProcessHandle.current().pid() + "x" + LABS.incrementAndGet();
        try {
            Files.createDirectories(dir.resolve("templates"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TopologyLoader.load(TestFiles.write(dir, "libvirt.yaml", """
                name: lt
                lab:
                  kind: libvirt
                  subnet: 192.168.122.0/24
                  libvirt:
                    uri: %s
                    base-image: /images/debian-12.qcow2
                    pool: default-pool
                    disk-gib: 4
                    memory-mib: 1536
                    vcpus: 3
                    networks: [default]
                    ssh-key: id_ed25519
                vip: 192.168.122.10
                nodes:
                  - name: a
                    address: 192.168.122.11
                    domain: %s-a
                    roles: [controller]
                  - name: b
                    address: 192.168.122.12
                    domain: %s-b
                    roles: [controller]
                  - name: c
                    address: 192.168.122.13
                    domain: %s-c
                    roles: [controller]
                roles:
                  controller:
                    services: [galera, haproxy, keepalived]
                """.formatted(URI, prefix, prefix, prefix)));
    }
}
