package dev.hagate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagate.TestFiles;
import dev.hagate.lab.LabException;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.hagate.report.CiBuild;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's contract with gate jobs: exit codes, and messages instead of stack traces. */
class HagateCliTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Hagate.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void aMalformedTopologyExitsTwoNamingFileLineAndFieldWithoutAStackTrace() {
        Path topology = TestFiles.write(dir, "bad.yaml", """
                name: lab
                lab:
                  kind: netns
                  subnet: 10.77.0.0/24
                vip: 10.77.0.10
                nodez: []
                """);
        assertThat(run("run", "--topology", topology.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yaml:6:1: nodez: unknown field 'nodez'").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMalformedScenarioExitsTwoBeforeAnyLabIsBuilt() {
        Path scenario = TestFiles.write(dir, "s.yaml", """
                name: broken
                fault: {kind: kill-galera-node}
                hold: soon
                probes: [{kind: sql-writer}]
                checks: [{kind: recovery-time, limit: 1m}]
                """);
        assertThat(run("run", "--scenario", scenario.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("s.yaml:3:1: hold: expected a duration").doesNotContain("\tat ");
    }

    /** A command standing for a runner with a defect: it throws what it is given, or passes when given nothing. */
    @CommandLine.Command(name = "defective")
    static final class Defective implements Callable<Integer> {
        final Throwable thrown;

        Defective(Throwable thrown) {
            this.thrown = thrown;
        }

        @Override
        public Integer call() throws Exception {
            if (thrown == null) {
                return 0;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (Exception) thrown;
        }
    }

    private int runDefective(Throwable thrown) {
        CommandLine cli = Hagate.configure(new CommandLine(new Defective(thrown)));
        cli.setErr(new PrintWriter(err, true));
        return Hagate.execute(cli);
    }

    @Test
    void anErrorOrAnUnexpectedExceptionIsARunnerDefectNeverAVoteNorARetry() {
        for (Throwable defect : List.of(new OutOfMemoryError("Java heap space"), new StackOverflowError(),
                new NullPointerException("Cannot invoke \"String.length()\""), new IllegalStateException("no such state"))) {
            err.getBuffer().setLength(0);
            assertThat(runDefective(defect)).as(defect.toString()).isEqualTo(4);
            String firstLine = err.toString().lines().findFirst().orElseThrow();
            assertThat(firstLine).as(defect.toString()).startsWith("hagate: runner defect (exit 4, no vote, no retry): " + defect
                    + " at dev.hagate.cli.HagateCliTest").endsWith("; its stack trace follows, please report it");
            assertThat(err.toString()).as("the stack trace follows the line").contains("\tat dev.hagate.cli.HagateCliTest");
        }
    }

    @Test
    void theLabOrThisMachineFailingIsStillExitThree() {
        assertThat(runDefective(new LabException("node ctl1 does not answer"))).isEqualTo(3);
        assertThat(err.toString()).contains("hagate: the lab broke: node ctl1 does not answer (no vote)").doesNotContain("\tat ");
        assertThat(runDefective(new UncheckedIOException("cannot write the history", new IOException("No space left on device"))))
                .isEqualTo(3);
    }

    @Test
    void anErrorThatEndedAnotherThreadMakesARunThatPassedExitFour() throws Exception {
        Thread probe = new Thread(() -> {
            throw new OutOfMemoryError("unable to create native thread");
        }, "probe-sql-writer");
        probe.setUncaughtExceptionHandler(Hagate::threadEnded);
        probe.start();
        probe.join();
        CommandLine passing = Hagate.configure(new CommandLine(new Defective(null)));
        passing.setErr(new PrintWriter(err, true));
        assertThat(Hagate.execute(passing)).isEqualTo(4);
        assertThat(err.toString()).contains("hagate: runner defect (exit 4, no vote, no retry): a thread ended with"
                + " java.lang.OutOfMemoryError: unable to create native thread");
        assertThat(Hagate.execute(passing)).as("reported once").isZero();
    }

    @Test
    void aTopologyThatIsADeviceExitsTwoInsteadOfExhaustingTheHeap() {
        assertThat(run("run", "--topology", "/dev/zero")).isEqualTo(2);
        assertThat(err.toString()).contains("hagate: /dev/zero: not a regular file").doesNotContain("\tat ");
    }

    @Test
    void aScenarioWithAnEmptyFaultExitsTwo() {
        Path scenario = TestFiles.write(dir, "s.yaml", """
                name: empty-fault
                fault: {}
                hold: 5s
                probes: [{kind: sql-writer}]
                checks: [{kind: recovery-time, limit: 1m}]
                """);
        assertThat(run("scenarios", "validate", "--topology", TestFiles.repository().resolve("lab-topology/embedded.yaml").toString(),
                scenario.toString())).isEqualTo(2);
        assertThat(err.toString() + out).contains("s.yaml:2:1: fault.kind: missing").doesNotContain("\tat ");
    }

    @Test
    void anUnknownOptionIsBadInput() {
        assertThat(run("run", "--topolgy", "x.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--topolgy'");
    }

    @Test
    void theRepositorysScenariosValidate() {
        Path scenarios = TestFiles.repository().resolve("scenarios");
        int code = run("scenarios", "validate", "--topology", TestFiles.repository().resolve("lab-topology/embedded.yaml").toString(),
                scenarios.resolve("kill-galera-node.yaml").toString(), scenarios.resolve("cut-rabbitmq-node.yaml").toString(),
                scenarios.resolve("galera-multi-writer.yaml").toString());
        assertThat(code).as(err.toString()).isZero();
    }

    @Test
    void aChangeOfAnUnknownProjectOrMissingRepositoryExitsTwoBeforeAnyLabIsBuilt() {
        assertThat(run("run", "--change", "nova=/src/nova@HEAD", "--change", "keystone=" + dir.resolve("nowhere") + "@HEAD"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown project 'nova'; expected one of: hagate, keystone")
                .contains("nowhere does not exist").doesNotContain("\tat ");
    }

    @Test
    void theRepositorysScenariosValidateAgainstTheLibvirtTopology() {
        int code = run("scenarios", "validate", "--topology", TestFiles.repository().resolve("lab-topology/libvirt-3ctl.yaml").toString(),
                TestFiles.repository().resolve("scenarios/kill-galera-node.yaml").toString());
        assertThat(code).as(err.toString()).isZero();
    }

    @Test
    void aLibvirtTopologyWithoutItsBaseImageExitsTwoBeforeAnyLabIsBuilt() {
        Path topology = TestFiles.write(dir, "bad.yaml", """
                name: lab
                lab:
                  kind: libvirt
                  subnet: 192.168.122.0/24
                  libvirt:
                    uri: qemu+ssh://root@virthost/system
                vip: 192.168.122.10
                nodes: []
                roles: {}
                """);
        assertThat(run("run", "--topology", topology.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yaml:5:3: lab.libvirt.base-image: missing; expected the base disk image's path")
                .doesNotContain("\tat ");
    }

    @Test
    void scenariosListJsonGivesEveryScenarioButNoPlan() throws Exception {
        assertThat(run("scenarios", "list", "--json")).as(err.toString()).isZero();

        JsonNode list = new ObjectMapper().readTree(out.toString());
        assertThat(list.isArray()).isTrue();
        assertThat(list).extracting(s -> s.get("name").asText())
                .contains("kill-galera-node", "cut-rabbitmq-node", "galera-multi-writer").doesNotContain("gate");
        JsonNode kill = list.findParents("name").stream().filter(s -> s.get("name").asText().equals("kill-galera-node")).findFirst().orElseThrow();
        assertThat(kill.get("fault").asText()).isEqualTo("kill-galera-node");
        assertThat(kill.get("file").asText()).isEqualTo("scenarios/kill-galera-node.yaml");
        assertThat(kill.get("description").asText()).isNotBlank();
    }

    @Test
    void scenariosListWithoutJsonIsOneLinePerScenario() {
        assertThat(run("scenarios", "list")).as(err.toString()).isZero();
        assertThat(out.toString().lines()).anySatisfy(line -> assertThat(line).startsWith("kill-galera-node "))
                .noneSatisfy(line -> assertThat(line).startsWith("["));
    }

    @Test
    void ciBuildOptionsNameTheBuild_andEmptyValuesMeanNotGiven() {
        RunCommand jenkins = new RunCommand();
        new CommandLine(jenkins).parseArgs("--ci", "Jenkins", "--build-number", "42", "--build-url", "https://ci.example.org/job/hagate/42/",
                "--change-url", "");
        assertThat(jenkins.ci.build()).isEqualTo(new CiBuild("Jenkins", null, null, 42L, "https://ci.example.org/job/hagate/42/", null));

        RunCommand periodic = new RunCommand();
        new CommandLine(periodic).parseArgs("--change-url", "", "--build-url", "https://zuul.example.org/t/x/build/1");
        assertThat(periodic.ci.build().system()).isEqualTo("CI");

        RunCommand local = new RunCommand();
        new CommandLine(local).parseArgs("--change-url", "");
        assertThat(local.ci.build()).isEqualTo(CiBuild.LOCAL);
    }

    @Test
    void aBuildNumberThatIsNoNumberIsBadInput() {
        assertThat(run("run", "--build-number", "#42")).isEqualTo(2);
        assertThat(err.toString()).contains("--build-number").doesNotContain("\tat ");
    }
}
