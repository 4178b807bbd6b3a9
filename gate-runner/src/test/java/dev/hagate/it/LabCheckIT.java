package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import dev.hagate.lab.LabDirectory;
import dev.hagate.lab.Labs;
import dev.hagate.lab.SimulatedBmc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hagate lab check` on a bare-metal topology whose machines are not all there: every failing node's SSH and
 * BMC is reported on its own line, exit 3, and no password is printed. The BMCs are real ipmi_sim
 * simulators on 127.0.0.1 driven with the real ipmitool; no SSH server listens where the nodes are said to be.
 */
class LabCheckIT {

    private static final int BMC_PORT = 6494;

    @TempDir
    Path dir;

    private LabDirectory bmcs;

    @BeforeEach
    void bmc() throws Exception {
        Hagate.assumeRoot();
        bmcs = new LabDirectory(Files.createTempDirectory("hagate-check-it"));
        Files.createDirectories(bmcs.node("b2"));
        // Only power status is asked: the chassis script never touches this (absent) namespace.
        SimulatedBmc.start(bmcs, new SimulatedBmc.NodeBoot("b2", "hgtest-none", "hgvt-none", "192.0.2.12", 24,
                bmcs.node("b2"), List.of("true")), BMC_PORT);
    }

    @AfterEach
    void down() {
        if (bmcs != null) {
            assertThat(Labs.down(bmcs)).isEmpty();
        }
    }

    @Test
    void everyFailingSshAndBmcIsOneLineAndThePasswordNeverShows() throws Exception {
        String password = Files.readString(SimulatedBmc.passwordFile(bmcs)).trim();
        String wrong = "wrong-" + password.substring(0, 8);
        Files.createDirectories(dir.resolve("templates"));
        Exec.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id_ed25519").toString()));
        TestFiles.write(dir, "known_hosts", "");
        TestFiles.write(dir, "right.password", password + "\n");
        TestFiles.write(dir, "wrong.password", wrong + "\n");
        String node = """
                  - name: %s
                    address: %s
                    roles: [db]
                    ssh: {port: %d, key: id_ed25519, known-hosts: known_hosts}
                    bmc: {address: 127.0.0.1, port: %d, user: hagate, password-file: %s}
                """;
        Path topology = TestFiles.write(dir, "rack.yaml", "name: rack\nlab:\n  kind: baremetal\nvip: 192.0.2.10\nnodes:\n"
                + node.formatted("b1", "127.0.0.1", 1, BMC_PORT, "wrong.password")     // SSH refused, wrong BMC password
                + node.formatted("b2", "127.0.0.2", 1, BMC_PORT, "right.password")     // SSH refused, BMC fine
                + node.formatted("b3", "127.0.0.3", 1, BMC_PORT + 1, "right.password") // SSH refused, no BMC there
                + "roles:\n  db:\n    services: [galera]\n");

        long t = System.nanoTime();
        Hagate.Outcome check = check("lab", "check", "--topology", topology.toString());
        System.out.printf("lab check took %d ms%n", (System.nanoTime() - t) / 1_000_000);

        assertThat(check.exitCode()).isEqualTo(3);
        List<String> failed = check.output().lines().filter(l -> l.startsWith("FAILED")).toList();
        assertThat(failed).hasSize(5)
                .anySatisfy(l -> assertThat(l).contains("b1").contains("ssh").contains("127.0.0.1:1"))
                .anySatisfy(l -> assertThat(l).contains("b1").contains("bmc").contains("refuses user 'hagate'"))
                .anySatisfy(l -> assertThat(l).contains("b2").contains("ssh"))
                .anySatisfy(l -> assertThat(l).contains("b3").contains("ssh"))
                .anySatisfy(l -> assertThat(l).contains("b3").contains("bmc").contains("127.0.0.1:" + (BMC_PORT + 1)));
        assertThat(check.output()).containsPattern("ok +b2 +bmc +power on").contains("5 check(s) failed")
                .doesNotContain(password).doesNotContain(wrong);
    }

    /** The launcher with a state directory of its own: a bare-metal check must not need, nor touch, a lab's. */
    private static Hagate.Outcome check(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Hagate.HOME.resolve("hagate").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HAGATE_STATE_DIR", "/var/tmp/hagate-check-it-unused");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println(out);
        assertThat(Path.of("/var/tmp/hagate-check-it-unused")).doesNotExist();
        return new Hagate.Outcome(p.exitValue(), out);
    }

    private static final class Exec {
        static void run(List<String> command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command)).isTrue();
        }
    }
}
