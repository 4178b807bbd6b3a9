package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Runs the real {@code ./hagate} launcher, as a user or a gate job would, and inspects the machine after. */
final class Hagate {

    static final Path HOME = TestFiles.repository();
    static final Path STATE = Path.of("/var/tmp/hagate");

    record Outcome(int exitCode, String output) {}

    private Hagate() {}

    static void assumeRoot() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "the embedded lab needs root (network namespaces, bridges, mounts); skipped");
    }

    /** Runs {@code hagate args...}, stdout and stderr together, failing the test after {@code timeout}. */
    static Outcome run(Duration timeout, String... args) throws Exception {
        Process p = start(args);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            exec("hagate lab down", HOME.resolve("hagate").toString(), "lab", "down");
            throw new AssertionError("hagate " + String.join(" ", args) + " did not finish within " + timeout);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        return new Outcome(p.exitValue(), output);
    }

    static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("hagate").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The default release's node image (built, or found cached, by scripts/build-node-image): its directory. */
    static Path nodeImage() throws Exception {
        Process p = new ProcessBuilder(HOME.resolve("scripts/build-node-image").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("the node image is built within 20 minutes").isTrue();
        assertThat(p.exitValue()).as("scripts/build-node-image exits 0").isZero();
        return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    static String exec(String what, String... command) throws Exception {
        return exitAndOutput(what, command).output();
    }

    /**
     * A git repository {@code dir/<pythonPackage>} of one commit holding Debian's packaged source of the Python
     * package {@code pythonPackage} in the default node image (what the lab's nodes run), its unit tests left out:
     * a project's repository as a change of it would be cloned, since no git host is reachable from the lab.
     *
     * @return the repository
     */
    static Path packagedRepository(Path dir, String pythonPackage) throws Exception {
        Path packaged = nodeImage().resolve("rootfs/usr/lib/python3/dist-packages/" + pythonPackage);
        Path repo = dir.resolve(pythonPackage);
        Files.createDirectories(repo);
        execOk("copy " + pythonPackage, "sh", "-c", "cd \"$1\" && tar -c --exclude=__pycache__ --exclude=./tests . | tar -x -C \"$2\"",
                "copy", packaged.toString(), Files.createDirectories(repo.resolve(pythonPackage)).toString());
        git(repo, "init", "-q", "-b", "master");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", pythonPackage + " as Debian packages it");
        return repo;
    }

    /** Runs git in {@code repo} as the tests' author and fails the test unless it exits 0. */
    static String git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=hagate tests",
                "-c", "user.email=tests@hagate.invalid"));
        command.addAll(List.of(args));
        return execOk("git " + String.join(" ", args), command.toArray(String[]::new));
    }

    /** Runs {@code command} and fails the test unless it exits 0: for commands a test's set-up depends on. */
    static String execOk(String what, String... command) throws Exception {
        Outcome outcome = exitAndOutput(what, command);
        assertThat(outcome.exitCode()).as(what + ": " + outcome.output()).isZero();
        return outcome.output();
    }

    private static Outcome exitAndOutput(String what, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(what).isTrue();
        return new Outcome(p.exitValue(), out);
    }

    /** Whether iproute2's /run/netns is mounted (a lab that made that mount removes it again; others may have made it). */
    static boolean netnsDirMounted() throws Exception {
        return exec("mount", "mount").contains(" on /run/netns ");
    }

    /** Nothing of a lab on the machine: namespaces, links, processes, mounts, state. */
    static void assertNothingLeft() throws Exception {
        assertThat(exec("ip netns list", "ip", "netns", "list")).as("network namespaces").doesNotContain("hagate-");
        assertThat(exec("ip link", "ip", "-o", "link", "show")).as("links").doesNotContain("hagate0").doesNotContain("hgv-");
        assertThat(exec("mount", "mount")).as("mounts").doesNotContain("hagate");
        assertThat(exec("ps", "ps", "-eo", "args")).as("processes").doesNotContain(STATE.toString());
        assertThat(processesWritingLabLogs()).as("processes of the lab's services").isEmpty();
        // What the L3 agent spawns writes no log of ours: its privsep helpers, and keepalived in the router
        // namespaces (its configuration under /ha_confs/). Zombies (state Z) of killed processes are the
        // reaper's for a moment longer and hold nothing.
        String living = exec("ps", "ps", "-eo", "stat=,args=").lines().filter(l -> !l.trim().startsWith("Z"))
                .collect(Collectors.joining("\n"));
        assertThat(living).as("Neutron's and Open vSwitch's processes").doesNotContain("neutron-").doesNotContain("privsep-helper")
                .doesNotContain("/ha_confs/").doesNotContain("ovs-vswitchd").doesNotContain("ovsdb-server");
        assertThat(Files.exists(STATE)).as(STATE + " removed").isFalse();
    }

    /**
     * The repository's embedded topology with its templates copied to {@code change}, {@code template} edited by
     * {@code edit}: a change of the HA configuration, as hagate's own commit would bring it.
     *
     * @return the topology file, whose templates are those in {@code change}
     */
    static Path changedDeployment(Path change, String template, UnaryOperator<String> edit) throws Exception {
        Path templates = change.resolve("templates");
        Files.createDirectories(templates);
        try (Stream<Path> files = Files.list(HOME.resolve("lab-topology/templates"))) {
            for (Path f : files.toList()) {
                Files.copy(f, templates.resolve(f.getFileName()));
            }
        }
        editTemplate(change, template, edit);
        Path topology = change.resolve("embedded.yaml");
        Files.writeString(topology, Files.readString(HOME.resolve("lab-topology/embedded.yaml")));
        return topology;
    }

    /** Edits one more template of a deployment {@link #changedDeployment} made; the edit must change it. */
    static void editTemplate(Path change, String template, UnaryOperator<String> edit) throws Exception {
        Path file = change.resolve("templates").resolve(template);
        String original = Files.readString(file);
        String edited = edit.apply(original);
        assertThat(edited).as("the edit changed " + template).isNotEqualTo(original);
        Files.writeString(file, edited);
    }

    /**
     * Every service the lab starts writes its output to /var/log/hagate inside its node; a process still
     * holding such a file is one of ours, whatever its name (other mariadbd or haproxy on the machine are not).
     * Processes in containers (a container lab, which may be up beside this one) are not the embedded lab's.
     */
    static List<String> processesWritingLabLogs() throws IOException {
        List<String> found = new ArrayList<>();
        try (var pids = Files.list(Path.of("/proc"))) {
            for (Path pid : pids.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (inAContainer(pid)) {
                    continue;
                }
                try (var fds = Files.list(pid.resolve("fd"))) {
                    for (Path fd : fds.toList()) {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("/var/log/hagate/") || target.startsWith(STATE.toString())) {
                            found.add(pid.getFileName() + " -> " + target);
                        }
                    }
                } catch (IOException e) {
                    // The process ended while we looked: not a leftover.
                }
            }
        }
        return found;
    }

    private static boolean inAContainer(Path pid) {
        try {
            return Files.readString(pid.resolve("cgroup")).contains("/libpod-");
        } catch (IOException e) {
            return false;
        }
    }
}
