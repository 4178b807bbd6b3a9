package dev.hagate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `hagate scenarios validate` takes plan files as well as scenario files, as `scenarios/*.yaml` gives both. */
class ScenariosValidateTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int validate(String... files) {
        return validateOn("lab-topology/embedded.yaml", files);
    }

    private int validateOn(String topology, String... files) {
        CommandLine cli = Hagate.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        List<String> args = new ArrayList<>(List.of("scenarios", "validate", "--topology",
                TestFiles.repository().resolve(topology).toString()));
        args.addAll(List.of(files));
        return cli.execute(args.toArray(String[]::new));
    }

    @Test
    void everyFileInScenariosValidatesPlansIncluded() throws IOException {
        List<String> all;
        try (Stream<Path> files = Files.list(TestFiles.repository().resolve("scenarios"))) {
            all = files.map(Path::toString).filter(f -> f.endsWith(".yaml")).toList();
        }
        assertThat(all).anyMatch(f -> f.endsWith("gate.yaml"));
        assertThat(validate(all.toArray(String[]::new))).as(err.toString()).isZero();
    }

    @Test
    void aScenarioForNeutronsAgentIsBadInputOnALabWithoutIt() {
        assertThat(validateOn("lab-topology/containers.yaml", "stop-l3-agent")).isEqualTo(2);
        assertThat(err.toString()).contains("fault 'stop-l3-agent' needs nodes running neutron-l3-agent");
    }

    @Test
    void aPlanNamingAMissingScenarioIsBadInputAtItsLine() {
        Path plan = TestFiles.write(dir, "nightly.yaml", """
                plan: nightly
                scenarios:
                  - kill-galera-node
                  - no-such-scenario
                """);
        assertThat(validate(plan.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nightly.yaml:4:").contains("scenarios[1]: no scenario 'no-such-scenario'")
                .doesNotContain("unknown field 'plan'");
    }

    @Test
    void aPlansScenariosAreCheckedAndProblemsOfPlansAndScenariosComeTogether() {
        Path broken = TestFiles.write(dir, "broken.yaml", """
                name: broken
                fault: {kind: kill-galera-node}
                hold: soon
                probes: [{kind: sql-writer}]
                checks: [{kind: recovery-time, limit: 1m}]
                """);
        Path plan = TestFiles.write(dir, "p.yaml", "plan: p\nscenarios: [" + broken + "]\n");
        Path alsoBroken = TestFiles.write(dir, "also.yaml", "name: also\nfault: {}\n");
        assertThat(validate(plan.toString(), alsoBroken.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("broken.yaml:3:1: hold: expected a duration").contains("also.yaml:2:1: fault.kind: missing");
    }

    @Test
    void aScenarioNamedByAPlanAndGivenAgainIsNoDuplicate() {
        Path plan = TestFiles.write(dir, "p.yaml", "plan: p\nscenarios: [kill-galera-node]\n");
        assertThat(validate(plan.toString(), "kill-galera-node")).as(err.toString()).isZero();
    }

    @Test
    void eachFaultSaysWhichNodeItHitsOrHowThatNodeIsChosenAtRunTime() {
        Path plan = TestFiles.write(dir, "p.yaml", "plan: p\nscenarios: [drop-l3-agent]\n");
        assertThat(validate("partition-writer", "cut-rabbitmq-node", "galera-multi-writer", plan.toString())).as(err.toString()).isZero();
        assertThat(out.toString().lines()).contains(
                "    fault partition hits writer, chosen at run time: the node HAProxy sends writes to, asked through the VIP"
                        + " (one of ctl1, ctl2, ctl3)",
                "    fault partition hits node ctl1",
                "    fault none hits no node",
                "    drop-l3-agent: fault drop-l3-agent hits master, chosen at run time: whichever router node is master"
                        + " (one of net1, net2)");
    }
}
