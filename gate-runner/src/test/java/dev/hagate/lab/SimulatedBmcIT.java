package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hagate.lab.PowerDriver.PowerState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real BMCs (OpenIPMI's ipmi_sim) driven with the real ipmitool: a node's power status, a hard power off that
 * kills every process of its namespace and downs its link, power on booting it again, and refusals that
 * never show the password. The "node" is a namespace of this test's own with one process.
 */
class SimulatedBmcIT {

    private static final String NS = "hgtest-bmc1";
    private static final String LINK = "hgvt-bmc1";
    private static final int PORT = 6491;

    private LabDirectory dir;
    private Path home;

    @BeforeEach
    void node() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (namespaces); skipped");
        dir = new LabDirectory(Files.createTempDirectory("hagate-bmc-it"));
        home = dir.node("bmc1");
        Files.createDirectories(home);
        dir.journal("netns", NS);
        HostCommand.run("ip", "netns", "add", NS);
        dir.journal("link", LINK);
        HostCommand.run("ip", "link", "add", LINK, "type", "veth", "peer", "name", "eth0", "netns", NS);
        HostCommand.run("ip", "link", "set", LINK, "up");
        boot().start();
    }

    private ProcessBuilder boot() {
        List<String> command = new java.util.ArrayList<>(List.of("setsid"));
        command.addAll(bootCommand());
        return new ProcessBuilder(command).redirectInput(new java.io.File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
    }

    private static List<String> bootCommand() {
        return List.of("ip", "netns", "exec", NS, "sleep", "600");
    }

    @AfterEach
    void down() {
        if (dir != null) {
            assertThat(Labs.down(dir)).as("left behind").isEmpty();
            assertThat(dir.root()).doesNotExist();
        }
    }

    private IpmiPower startBmc() {
        long t = System.nanoTime();
        IpmiPower power = SimulatedBmc.start(dir, new SimulatedBmc.NodeBoot("bmc1", NS, LINK, "10.79.0.11", 24, home,
                bootCommand()), PORT);
        System.out.printf("bmc started and answering in %d ms%n", (System.nanoTime() - t) / 1_000_000);
        return power;
    }

    private static String pids() {
        return HostCommand.run("ip", "netns", "pids", NS).trim();
    }

    private static boolean linkUp() {
        return HostCommand.run("ip", "-o", "link", "show", LINK).contains(",UP");
    }

    @Test
    void powerOffKillsTheWholeNodeAtOnceAndPowerOnBootsIt() throws Exception {
        IpmiPower power = startBmc();
        awaitPids(true);
        assertThat(power.status()).isEqualTo(PowerState.ON);

        long t = System.nanoTime();
        power.powerOff();
        long offMs = (System.nanoTime() - t) / 1_000_000;
        assertThat(pids()).as("processes of the node after power off").isEmpty();
        assertThat(linkUp()).as("link up after power off").isFalse();
        assertThat(power.status()).isEqualTo(PowerState.OFF);

        t = System.nanoTime();
        power.powerOn();
        long onMs = (System.nanoTime() - t) / 1_000_000;
        awaitPids(true);
        assertThat(linkUp()).isTrue();
        assertThat(HostCommand.run("ip", "-n", NS, "-4", "-o", "addr", "show", "dev", "eth0")).contains("10.79.0.11/24");

        t = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            power.status();
        }
        long statusMs = (System.nanoTime() - t) / 10_000_000;
        System.out.printf("ipmitool: power off %d ms, power on %d ms (each with a status read back), power status %d ms%n",
                offMs, onMs, statusMs);
    }

    @Test
    void aWrongPasswordIsALabErrorThatNeverShowsThePassword() throws Exception {
        IpmiPower right = startBmc();
        String real = Files.readString(SimulatedBmc.passwordFile(dir)).trim();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SimulatedBmc.passwordFile(dir)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("bmc/lan.conf")))).isEqualTo("rw-------");
        assertThat(right.status()).isEqualTo(PowerState.ON);
        assertThat(ps()).as("process listing").doesNotContain(real);

        Path wrongFile = dir.root().resolve("wrong-password");
        String wrong = "wrong-" + real.substring(0, 6);
        Files.writeString(wrongFile, wrong + "\n");
        long t = System.nanoTime();
        LabException e = catchThrowableOfType(LabException.class,
                () -> new IpmiPower("bmc1", "127.0.0.1", PORT, SimulatedBmc.USER, wrongFile).status());
        System.out.printf("wrong password refused in %d ms: %s%n", (System.nanoTime() - t) / 1_000_000, e.getMessage());
        assertThat(e.getMessage()).contains("bmc1").contains("127.0.0.1:" + PORT).contains("refuses user 'hagate'")
                .doesNotContain(wrong).doesNotContain(real);
        assertThat(HostCommand.run("ip", "netns", "pids", NS).trim()).as("the node is untouched").isNotEmpty();

        // While ipmitool waits for a BMC that does not answer, its command line is in every process listing.
        Path secretFile = dir.root().resolve("secret-password");
        String secret = "s3cret-" + Long.toHexString(System.nanoTime());
        Files.writeString(secretFile, secret + "\n");
        CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> catchThrowableOfType(LabException.class,
                () -> new IpmiPower("bmc1", "127.0.0.1", PORT + 1, SimulatedBmc.USER, secretFile).status()));
        String listing = "";
        for (int i = 0; i < 50 && !listing.contains("ipmitool"); i++) {
            Thread.sleep(20);
            listing = ps();
        }
        assertThat(listing).contains("ipmitool -I lanplus -C 3 -H 127.0.0.1 -p " + (PORT + 1)).doesNotContain(secret);
        t = System.nanoTime();
        Throwable unreachable = call.get(30, TimeUnit.SECONDS);
        System.out.printf("unreachable BMC given up after %d ms more: %s%n", (System.nanoTime() - t) / 1_000_000,
                unreachable.getMessage());
        assertThat(unreachable).isInstanceOf(LabException.class);
        assertThat(unreachable.getMessage()).contains("127.0.0.1:" + (PORT + 1)).doesNotContain(secret);
    }

    private static String ps() throws Exception {
        Process p = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static void awaitPids(boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pids().isEmpty() == present && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pids().isEmpty()).as("node processes present: " + present).isEqualTo(!present);
    }
}
