package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostObjectTest {

    @TempDir
    Path tmp;

    private LabDirectory dir;

    @BeforeEach
    void labDirectory() throws Exception {
        dir = new LabDirectory(Files.createDirectories(tmp.resolve("state")));
    }

    @Test
    void anInterfaceThatIsAlreadyThereIsRefusedByNameAndNeverJournaled() {
        assertThat(HostObject.LINK.exists("lo")).isTrue();

        assertThatThrownBy(() -> dir.journalNew(HostObject.LINK, "lo", "lab.bridge")).isInstanceOf(LabException.class)
                .hasMessage("network interface 'lo' already exists on this machine and was not made by this lab;"
                        + " remove it, or change lab.bridge in the topology");

        assertThat(dir.journalNewestFirst()).isEmpty();
        assertThat(Labs.down(dir)).isEmpty();
        assertThat(HostObject.LINK.exists("lo")).as("lab down left it alone").isTrue();
    }

    @Test
    void aFreeNameIsJournaledBeforeItIsMade() {
        String free = "hgt" + ProcessHandle.current().pid() % 100_000;
        assertThat(HostObject.LINK.exists(free)).isFalse();
        String namespace = "hagate-test-" + ProcessHandle.current().pid();
        assertThat(HostObject.NETNS.exists(namespace)).isFalse();

        dir.journalNew(HostObject.LINK, free, "lab.bridge");
        dir.journalNew(HostObject.NETNS, namespace, "the node's name");

        assertThat(dir.journalNewestFirst()).extracting(e -> String.join(" ", e))
                .containsExactly("netns " + namespace, "link " + free);
        // Never made: lab down finds nothing of them to remove.
        assertThat(Labs.down(dir)).isEmpty();
    }

    @Test
    void aBmcPortHeldByAnotherProgramIsRefusedBeforeAnythingIsJournaledOrStarted() throws Exception {
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = other.getLocalPort();
            SimulatedBmc.NodeBoot boot = new SimulatedBmc.NodeBoot("ctl1", "hagate-ctl1", "hgv-ctl1", "10.77.0.11", 24,
                    dir.node("ctl1"), List.of("true"));

            assertThatThrownBy(() -> SimulatedBmc.start(dir, boot, port)).isInstanceOf(LabException.class)
                    .hasMessage("UDP port 127.0.0.1:" + port + " for the BMC of ctl1 is taken by another program; stop it,"
                            + " or change lab.bmc-port in the topology");
        } finally {
            assertThat(Labs.down(dir)).isEmpty();
        }
        assertThat(dir.journalNewestFirst()).isEmpty();
        assertThat(Files.exists(SimulatedBmc.home(dir, "ctl1"))).isFalse();
    }
}
