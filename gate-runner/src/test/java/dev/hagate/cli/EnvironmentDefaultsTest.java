package dev.hagate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnvironmentDefaultsTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private CommandLine cli(Map<String, String> environment) {
        CommandLine cli = Hagate.commandLine(environment);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli;
    }

    private Path brokenTopology() {
        return TestFiles.write(dir, "from-env.yaml", "name: lab\nnodez: []\n");
    }

    private static String scenario(String name) {
        return TestFiles.repository().resolve("scenarios/" + name + ".yaml").toString();
    }

    @Test
    void hagateTopologyIsTheTopologyWhenNoOptionNamesOne() {
        int code = cli(Map.of("HAGATE_TOPOLOGY", brokenTopology().toString()))
                .execute("scenarios", "validate", scenario("kill-galera-node"));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("from-env.yaml:2:1: nodez: unknown field 'nodez'");
    }

    @Test
    void anExplicitTopologyOptionWinsOverTheEnvironment() {
        int code = cli(Map.of("HAGATE_TOPOLOGY", brokenTopology().toString())).execute("scenarios", "validate",
                "--topology", TestFiles.repository().resolve("lab-topology/embedded.yaml").toString(), scenario("kill-galera-node"));
        assertThat(code).as(err.toString()).isZero();
    }

    @Test
    void bothVariablesReachTheRunCommandAndOptionsOverrideThem() {
        CommandLine cli = cli(Map.of("HAGATE_TOPOLOGY", "/labs/rack-a.yaml", "HAGATE_REPORTS", "/srv/hagate-reports"));
        cli.parseArgs("run");
        RunCommand run = cli.getSubcommands().get("run").getCommand();
        assertThat(run.topology).isEqualTo(Path.of("/labs/rack-a.yaml"));
        assertThat(run.reports).isEqualTo(Path.of("/srv/hagate-reports"));

        cli = cli(Map.of("HAGATE_TOPOLOGY", "/labs/rack-a.yaml", "HAGATE_REPORTS", "/srv/hagate-reports"));
        cli.parseArgs("run", "--topology", "mine.yaml", "--reports", "out");
        run = cli.getSubcommands().get("run").getCommand();
        assertThat(run.topology).isEqualTo(Path.of("mine.yaml"));
        assertThat(run.reports).isEqualTo(Path.of("out"));
    }

    @Test
    void theLabCommandsTakeTheTopologyFromTheEnvironmentToo() {
        CommandLine cli = cli(Map.of("HAGATE_TOPOLOGY", "/labs/rack-a.yaml"));
        cli.parseArgs("lab", "check");
        LabCommand.Check check = cli.getSubcommands().get("lab").getSubcommands().get("check").getCommand();
        assertThat(check.topologyOption.file()).isEqualTo(Path.of("/labs/rack-a.yaml"));
    }

    @Test
    void anEmptyOrMissingVariableLeavesTheBuiltInDefault() {
        CommandLine cli = cli(Map.of("HAGATE_TOPOLOGY", " ", "HAGATE_REPORTS", ""));
        cli.parseArgs("run");
        RunCommand run = cli.getSubcommands().get("run").getCommand();
        assertThat(run.topology).isNull();
        assertThat(run.reports).isNull();

        cli = cli(Map.of());
        cli.parseArgs("run");
        assertThat(((RunCommand) cli.getSubcommands().get("run").getCommand()).topology).isNull();
    }
}
