package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.lab.SshNodeShell;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded lab as `hagate lab up|down` builds and removes it. */
class EmbeddedLabIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @BeforeAll
    static void root() {
        Hagate.assumeRoot();
    }

    private static SshNodeShell shell(String node, String address) {
        return new SshNodeShell(node, address, Hagate.STATE.resolve("id_ed25519"), Hagate.STATE.resolve("known_hosts"));
    }

    @Test
    void nodesHaveTheirOwnHostnameAndFilesystemViewsAndLabDownLeavesNothing() throws Exception {
        boolean netnsDirMountedBefore = Hagate.netnsDirMounted();
        assertThat(Hagate.run(TIMEOUT, "lab", "up", "--no-deploy").exitCode()).isZero();
        try (SshNodeShell ctl1 = shell("ctl1", "10.77.0.11"); SshNodeShell ctl2 = shell("ctl2", "10.77.0.12")) {
            assertThat(ctl1.run("hostname").trim()).isEqualTo("ctl1");
            assertThat(ctl2.run("hostname").trim()).isEqualTo("ctl2");
            assertThat(ctl1.run("ip -4 -o addr show dev eth0")).contains("10.77.0.11/24");

            ctl1.write("/etc/hagate-only-on-ctl1", "ctl1\n", "0644");
            ctl1.write("/var/lib/hagate-only-on-ctl1", "ctl1\n", "0644");
            assertThat(ctl1.exec("cat /etc/hagate-only-on-ctl1", Duration.ofSeconds(5)).ok()).isTrue();
            assertThat(ctl2.exec("cat /etc/hagate-only-on-ctl1", Duration.ofSeconds(5)).ok()).as("ctl2 sees ctl1's /etc").isFalse();
            assertThat(ctl2.exec("cat /var/lib/hagate-only-on-ctl1", Duration.ofSeconds(5)).ok()).as("ctl2 sees ctl1's /var/lib").isFalse();
            assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/etc/hagate-only-on-ctl1"))).as("the host sees it").isFalse();
            // Nodes reach each other over the bridge.
            assertThat(ctl1.exec("echo | socat -t 1 - TCP:10.77.0.12:22,connect-timeout=2 | head -c 7", Duration.ofSeconds(5)).stdout())
                    .isEqualTo("SSH-2.0");
        }

        Hagate.Outcome second = Hagate.run(TIMEOUT, "lab", "up");
        assertThat(second.exitCode()).isEqualTo(3);
        assertThat(second.output()).contains("a lab is already up: 'embedded'").contains("hagate lab down");

        Hagate.Outcome status = Hagate.run(TIMEOUT, "lab", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("ctl1").contains("ctl3").doesNotContain("DOWN");

        Hagate.Outcome down = Hagate.run(TIMEOUT, "lab", "down");
        assertThat(down.exitCode()).isZero();
        Hagate.assertNothingLeft();
        // iproute2 mounts /run/netns the first time it is used on a machine; when the lab was that first user,
        // lab down removes the mount too, and leaves it when someone else (another lab kind, podman) made it.
        assertThat(Hagate.netnsDirMounted()).as("/run/netns mounted as before the lab").isEqualTo(netnsDirMountedBefore);
        assertThat(Hagate.run(TIMEOUT, "lab", "down").output()).contains("no lab is up");
    }
}
