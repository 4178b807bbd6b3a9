package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.lab.ContainerLab;
import dev.hagate.lab.ContainerPower;
import dev.hagate.lab.LabDirectory;
import dev.hagate.lab.LabException;
import dev.hagate.lab.Labs;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.PowerDriver.PowerState;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.topology.TopologyLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container lab (lab-topology/containers.yaml) as `hagate` builds, powers and removes it. It has its own
 * state directory, subnet and bridge, so it runs beside an embedded lab.
 */
class ContainerLabIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final Path STATE = Path.of("/var/tmp/hagate-containers");
    private static final Path TOPOLOGY = Hagate.HOME.resolve("lab-topology/containers.yaml");

    @TempDir
    Path reports;

    /** Per test, so that each is reported as skipped, with the reason. */
    @BeforeEach
    void rootAndAContainerEngine() {
        Hagate.assumeRoot();
        Assumptions.assumeTrue(ContainerLab.engineAvailable(),
                "the container lab needs Docker or Podman: no container engine answers here (DOCKER_HOST="
                        + System.getenv("DOCKER_HOST") + "; ./run-tests starts Podman's service); skipped");
    }

    @AfterEach
    void removeWhateverIsLeft() throws Exception {
        if (Files.exists(STATE)) {
            run(Duration.ofMinutes(2), "lab", "down");
        }
    }

    /** Runs {@code hagate args...} on this lab's state directory. */
    private static Hagate.Outcome run(Duration timeout, String... args) throws Exception {
        Process p = start(args);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            start("lab", "down").waitFor(2, TimeUnit.MINUTES);
            throw new AssertionError("hagate " + String.join(" ", args) + " did not finish within " + timeout);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        return new Hagate.Outcome(p.exitValue(), output);
    }

    private static Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Hagate.HOME.resolve("hagate").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HAGATE_STATE_DIR", STATE.toString());
        return builder.start();
    }

    @Test
    void eachNodeAnswersOverSshAsItselfAndSurvivesAPowerCycleWithItsDisk() throws Exception {
        Hagate.Outcome up = run(TIMEOUT, "lab", "up", "--topology", TOPOLOGY.toString(), "--no-deploy");
        assertThat(up.exitCode()).as(up.output()).isZero();
        Topology topology = TopologyLoader.load(TOPOLOGY);
        assertThat(podmanNames("ps", "-a")).containsExactlyInAnyOrder(
                "hagate-containers-ctl1", "hagate-containers-ctl2", "hagate-containers-ctl3");
        List<Long> nodeProcesses = hostPidsOfNodes(topology);

        try (ContainerLab lab = (ContainerLab) Labs.attach(topology, new LabDirectory(STATE))) {
            for (NodeSpec node : topology.nodes()) {
                NodeShell shell = lab.shell(node.name());
                assertThat(shell.run("hostname").trim()).isEqualTo(node.name());
                assertThat(shell.run("ip -4 -o addr show dev eth0")).contains(node.address() + "/24");
            }
            NodeShell ctl1 = lab.shell("ctl1");
            NodeShell ctl2 = lab.shell("ctl2");
            // Nodes reach each other by address and by name; each has its own disk.
            assertThat(ctl1.run("echo | socat -t 1 - TCP:ctl2:22,connect-timeout=2 | head -c 7")).isEqualTo("SSH-2.0");
            ctl2.write("/var/lib/hagate-disk-of-ctl2", "ctl2\n", "0644");
            assertThat(ctl1.exec("cat /var/lib/hagate-disk-of-ctl2", Duration.ofSeconds(5)).ok()).as("ctl1 sees ctl2's disk").isFalse();
            lab.services("ctl2").start("sleeper", List.of("/bin/sleep", "3600"));
            assertThat(lab.services("ctl2").isRunning("sleeper")).isTrue();

            ContainerPower power = lab.power("ctl2");
            assertThat(power.status()).isEqualTo(PowerState.ON);
            long off = System.nanoTime();
            power.powerOff();
            System.out.printf("power off took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - off));
            assertThat(power.status()).isEqualTo(PowerState.OFF);
            assertThatThrownBy(() -> ctl2.run("true", Duration.ofSeconds(5))).isInstanceOf(LabException.class);

            long on = System.nanoTime();
            power.powerOn();
            lab.awaitSsh("ctl2", Duration.ofSeconds(60));
            System.out.printf("power on until SSH answers took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - on));
            assertThat(ctl2.run("cat /var/lib/hagate-disk-of-ctl2").trim()).as("the disk survives").isEqualTo("ctl2");
            assertThat(lab.services("ctl2").isRunning("sleeper")).as("services do not survive a power loss").isFalse();
            assertThat(ctl2.run("ip -4 -o addr show dev eth0")).contains("10.79.0.12/24");

            power.freeze();
            assertThat(power.frozen()).isTrue();
            assertThat(power.status()).as("a frozen node is still powered").isEqualTo(PowerState.ON);
            assertThatThrownBy(() -> ctl2.run("true", Duration.ofSeconds(3))).isInstanceOf(LabException.class);
            power.thaw();
            lab.awaitSsh("ctl2", Duration.ofSeconds(30));
            assertThat(ctl2.run("cat /var/lib/hagate-disk-of-ctl2").trim()).isEqualTo("ctl2");
            nodeProcesses.addAll(hostPidsOfNodes(topology));
        }

        Hagate.Outcome down = run(TIMEOUT, "lab", "down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertNothingLeft(nodeProcesses);
    }

    @Test
    void theGateVotesPlusOneOnTheContainerLab() throws Exception {
        // The scenario the container lab must share with the embedded one: the whole plan runs in GateIT.
        Hagate.Outcome run = run(TIMEOUT, "run", "--topology", TOPOLOGY.toString(), "--reports", reports.toString(),
                "--scenario", "kill-galera-node");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("(containers, 10.79.0.0/24)").contains("fault: SIGKILL mariadbd on ctl")
                .contains("verdict: PASS  vote: +1");
        assertThat(Files.readString(reports.resolve("latest/summary.json"))).contains("\"verdict\" : \"pass\"");
        assertNothingLeft(List.of());
    }

    @Test
    void aRunnerKilledMidScenarioLeavesALabThatLabDownRemoves() throws Exception {
        Process run = start("run", "--topology", TOPOLOGY.toString(), "--reports", reports.toString(), "--scenario", "kill-galera-node");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("fault: SIGKILL")) {
                System.out.println(line);
            }
            assertThat(line).as("the run reached the fault").isNotNull();
        }
        // As the OOM killer or a CI timeout would: no shutdown hook runs (neither the runner's nor Testcontainers').
        run.destroyForcibly().waitFor();
        List<Long> nodeProcesses = hostPidsOfNodes(TopologyLoader.load(TOPOLOGY));
        assertThat(nodeProcesses).as("the nodes outlive the killed runner").isNotEmpty();

        assertThat(run(TIMEOUT, "lab", "status").output()).contains("its run died");
        Hagate.Outcome down = run(TIMEOUT, "lab", "down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertNothingLeft(nodeProcesses);
    }

    /** What podman lists of {@code what} (ps -a, network ls, volume ls), by name. */
    private static List<String> podmanNames(String... what) throws Exception {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(what));
        command.addAll(List.of("--format", what[0].equals("ps") ? "{{.Names}}" : "{{.Name}}"));
        return Hagate.exec("podman " + String.join(" ", what), command.toArray(String[]::new)).lines()
                .filter(l -> !l.isBlank()).toList();
    }

    /** The machine's process ids of every process in the lab's containers (their sshd, services, tini). */
    private static List<Long> hostPidsOfNodes(Topology topology) throws Exception {
        List<Long> pids = new ArrayList<>();
        for (NodeSpec node : topology.nodes()) {
            String out = Hagate.exec("podman top", "podman", "top", ContainerLab.container(topology, node.name()), "hpid");
            out.lines().skip(1).map(String::trim).filter(l -> l.matches("\\d+")).map(Long::parseLong).forEach(pids::add);
        }
        return pids;
    }

    /** No container, network, volume, bridge, node process or state of the lab is left on the machine. */
    private static void assertNothingLeft(List<Long> nodeProcesses) throws Exception {
        assertThat(podmanNames("ps", "-a")).as("podman ps -a").noneMatch(n -> n.startsWith("hagate-"));
        assertThat(podmanNames("network", "ls")).as("podman network ls").containsExactly("podman");
        assertThat(podmanNames("volume", "ls")).as("podman volume ls").noneMatch(n -> n.startsWith("hagate-"));
        assertThat(Hagate.exec("ip link", "ip", "-o", "link", "show")).as("links").doesNotContain("hagatec0");
        assertThat(nodeProcesses.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)))
                .as("processes of the nodes").isEmpty();
        assertThat(Hagate.exec("ps", "ps", "-eo", "args")).as("processes").doesNotContain("hagate-containers-")
                .doesNotContain(STATE.toString());
        assertThat(Files.exists(STATE)).as(STATE + " removed").isFalse();
    }
}
