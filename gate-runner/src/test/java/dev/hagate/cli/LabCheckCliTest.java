package dev.hagate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `hagate lab check` refuses a bad bare-metal topology before contacting anything. */
class LabCheckCliTest {

    @TempDir
    Path dir;

    @Test
    void aBareMetalTopologyMissingItsPasswordFileExitsTwoAtTheFieldsLine() throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        TestFiles.write(dir, "key", "x");
        TestFiles.write(dir, "known_hosts", "");
        String node = "  - {name: %s, address: 192.0.2.%d, roles: [db], ssh: {key: key, known-hosts: known_hosts},"
                + " bmc: {address: 192.0.2.10%d, user: hagate, password-file: %s}}\n";
        TestFiles.write(dir, "ok.password", "x\n");
        Path topology = TestFiles.write(dir, "rack.yaml", "name: rack\nlab: {kind: baremetal}\nvip: 192.0.2.10\nnodes:\n"
                + node.formatted("a", 11, 1, "ok.password") + node.formatted("b", 12, 2, "nope.password")
                + node.formatted("c", 13, 3, "ok.password") + "roles:\n  db: {services: [galera]}\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Hagate.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("lab", "check", "--topology", topology.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("rack.yaml:6:").contains("nodes[1].bmc.password-file: expected a file holding")
                .contains("nope.password is not a readable file").doesNotContain("\tat ");
    }
}
