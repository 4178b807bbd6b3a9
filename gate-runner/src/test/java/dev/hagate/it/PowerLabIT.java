package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded lab's BMCs on a lab of the tests' own (nodes p1..p3, bridge hagatep0, 10.78.0.0/24, BMCs from
 * port 6330, state in /var/tmp/hagate-power), so it can run next to the default lab: `lab check` passes on a
 * lab that is up, `lab down` stops every BMC, and power-off-controller passes on a real deployment.
 */
class PowerLabIT {

    private static final Path STATE = Path.of("/var/tmp/hagate-power");
    private static final Path TOPOLOGY = Hagate.HOME.resolve("gate-runner/src/test/resources/power-lab.yaml");
    private static final Duration TIMEOUT = Duration.ofMinutes(12);

    @BeforeEach
    void root() {
        Hagate.assumeRoot();
    }

    @AfterEach
    void down() throws Exception {
        if (Files.exists(STATE)) {
            hagate(Duration.ofMinutes(2), "lab", "down");
        }
    }

    @Test
    void labCheckPassesOnALabThatIsUpAndLabDownStopsEveryBmc() throws Exception {
        assertThat(hagate(TIMEOUT, "lab", "up", "--no-deploy", "--topology", TOPOLOGY.toString()).exitCode()).isZero();
        assertThat(ps()).as("one BMC per node").containsPattern("ipmi_sim .*" + STATE + "/nodes/p3/bmc/lan.conf");

        Hagate.Outcome check = hagate(Duration.ofMinutes(1), "lab", "check");
        assertThat(check.exitCode()).isZero();
        assertThat(check.output().lines().filter(l -> l.contains(" bmc  power on"))).hasSize(3);
        assertThat(check.output().lines().filter(l -> l.contains(" ssh "))).hasSize(3);
        assertThat(check.output()).contains("all checks passed").doesNotContain(Files.readString(STATE.resolve("bmc-password")).trim());

        assertThat(hagate(Duration.ofMinutes(2), "lab", "down").exitCode()).isZero();
        assertThat(ps()).doesNotContain(STATE.toString());
        assertThat(Hagate.exec("ip netns list", "ip", "netns", "list")).doesNotContain("hagate-p");
        assertThat(Hagate.exec("ip link", "ip", "-o", "link", "show")).doesNotContain("hagatep0").doesNotContain("hgv-p");
        assertThat(STATE).doesNotExist();
        assertThat(hagate(Duration.ofMinutes(1), "lab", "check").exitCode()).as("check with no lab up").isEqualTo(3);
    }

    @Test
    void powerOffControllerPassesAndTheNodeComesBackByItself() throws Exception {
        Path reports = Files.createTempDirectory("hagate-power-it");
        Hagate.Outcome run = hagate(TIMEOUT, "run", "--topology", TOPOLOGY.toString(), "--scenario", "power-off-controller",
                "--reports", reports.toString());
        assertThat(run.output()).contains("fault: power off").contains("(the node holding the VIP) through its BMC at 127.0.0.1:633");
        assertThat(run.exitCode()).as("verdict").isZero();
        assertThat(ps()).doesNotContain(STATE.toString());
        assertThat(STATE).doesNotExist();
    }

    @Test
    void aRunnerKilledOutrightLeavesItsBmcsToLabDown() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Hagate.HOME.resolve("hagate").toString(), "run", "--topology",
                TOPOLOGY.toString(), "--scenario", "power-off-controller", "--reports",
                Files.createTempDirectory("hagate-power-it").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HAGATE_STATE_DIR", STATE.toString());
        Process run = builder.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!ps().contains(STATE + "/nodes/p3/bmc/lan.conf") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(ps()).as("the BMCs started").contains(STATE + "/nodes/p3/bmc/lan.conf");
        // The launcher execs the JVM: this is the runner itself, killed as the OOM killer would.
        Hagate.exec("kill -9", "kill", "-9", String.valueOf(run.pid()));
        run.waitFor(30, TimeUnit.SECONDS);
        assertThat(ps()).as("BMCs outlive their runner").contains(STATE + "/nodes/p1/bmc/lan.conf");

        assertThat(hagate(Duration.ofMinutes(2), "lab", "down").exitCode()).isZero();
        assertThat(ps()).doesNotContain(STATE.toString());
        assertThat(Hagate.exec("ip netns list", "ip", "netns", "list")).doesNotContain("hagate-p");
        assertThat(STATE).doesNotExist();
    }

    private static Hagate.Outcome hagate(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Hagate.HOME.resolve("hagate").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HAGATE_STATE_DIR", STATE.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        System.out.println(out);
        return new Hagate.Outcome(p.exitValue(), out);
    }

    private static String ps() throws Exception {
        return Hagate.exec("ps", "ps", "-eo", "args");
    }
}
