package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeImageTest {

    private static final Path HOME = Path.of(System.getenv("HAGATE_HOME"));

    @Test
    void theImageHoldsWhatEveryNodeNeedsAndWhatEveryServiceDeclaresEachOnceSorted() {
        List<String> packages = NodeImage.packages();

        // From lab-topology/packages.txt (the lab's own needs) and from the components (the services').
        assertThat(packages).contains("openssh-server", "iptables", "tempest")
                .contains("mariadb-server", "galera-4", "rabbitmq-server", "memcached", "haproxy", "keepalived", "keystone");
        assertThat(packages).doesNotHaveDuplicates().isSorted()
                .allSatisfy(name -> assertThat(name).matches("[a-z0-9][a-z0-9+.-]+"));
    }

    @Test
    void theBuilderRefusesAListWithSomethingThatIsNoPackageNameBeforeBuildingAnything() throws Exception {
        Builder run = builder("mariadb-server\nrm -rf /\n", "--packages", "-");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("'rm -rf /' is not a Debian package name");
    }

    @Test
    void theBuilderRefusesAnEmptyListAndAMissingFile() throws Exception {
        Builder empty = builder("\n\n", "--packages", "-");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.stderr()).contains("the package list is empty");
        Builder missing = builder("", "--packages", "/nonexistent/packages");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--packages /nonexistent/packages: no such file");
    }

    private record Builder(int exit, String stderr) {}

    private static Builder builder(String stdin, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(HOME.resolve("scripts/build-node-image").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the builder answers at once").isTrue();
        return new Builder(p.exitValue(), stderr);
    }
}
