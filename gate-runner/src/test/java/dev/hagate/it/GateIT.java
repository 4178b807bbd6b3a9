package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole gate on the real embedded lab: it passes a sound deployment, fails a broken one, and cleans up after a crash. */
class GateIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    Path reports;

    @BeforeAll
    static void root() {
        Hagate.assumeRoot();
    }

    private JsonNode summary() throws Exception {
        return new ObjectMapper().readTree(reports.resolve("latest/summary.json").toFile());
    }

    @Test
    void theDefaultGateHoldsItsSlasAndVotesPlusOne() throws Exception {
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("fault: SIGKILL mariadbd on ctl1").contains("verdict: PASS  vote: +1");

        JsonNode summary = summary();
        assertThat(summary.get("verdict").asText()).isEqualTo("pass");
        JsonNode scenario = summary.get("scenarios").get(0);
        assertThat(scenario.get("name").asText()).isEqualTo("kill-galera-node");
        assertThat(scenario.get("checks")).hasSize(3).allSatisfy(c -> assertThat(c.get("passed").asBoolean()).isTrue());
        Path histories = reports.resolve("latest/kill-galera-node");
        try (Stream<String> writes = Files.lines(histories.resolve("sql-writer.jsonl"))) {
            // 20 writes a second for ~25 s, and at least one failed while the writer was down.
            assertThat(writes.filter(l -> l.contains("\"op\":\"write\"")).count()).isGreaterThan(300);
        }
        assertThat(Files.readString(histories.resolve("sql-writer.jsonl"))).contains("\"result\":\"fail\"");
        assertThat(reports.resolve("latest/junit.xml")).exists();
        Hagate.assertNothingLeft();
    }

    /** The repository's topology with its templates copied to {@code change}, {@code template} edited by {@code edit}. */
    private static Path changedDeployment(Path change, String template, java.util.function.UnaryOperator<String> edit) throws Exception {
        Path templates = change.resolve("templates");
        Files.createDirectories(templates);
        try (Stream<Path> files = Files.list(Hagate.HOME.resolve("lab-topology/templates"))) {
            for (Path f : files.toList()) {
                Files.copy(f, templates.resolve(f.getFileName()));
            }
        }
        String original = Files.readString(templates.resolve(template));
        String edited = edit.apply(original);
        assertThat(edited).as("the edit changed " + template).isNotEqualTo(original);
        Files.writeString(templates.resolve(template), edited);
        Path topology = change.resolve("embedded.yaml");
        Files.writeString(topology, Files.readString(Hagate.HOME.resolve("lab-topology/embedded.yaml")));
        return topology;
    }

    /** A gate that cannot fail is worthless: HAProxy without health checks keeps sending writes to the dead node. */
    @Test
    void haproxyWithoutHealthChecksIsVotedMinusOne(@TempDir Path change) throws Exception {
        Path topology = changedDeployment(change, "haproxy.cfg", cfg -> cfg.replace(":3306 check", ":3306"));

        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", topology.toString(), "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("verdict: FAIL  vote: -1");
        JsonNode outage = summary().get("scenarios").get(0).get("checks").get(0);
        assertThat(outage.get("name").asText()).isEqualTo("max-outage(sql-writer)");
        assertThat(outage.get("passed").asBoolean()).isFalse();
        assertThat(outage.get("value").asDouble()).isGreaterThan(outage.get("limit").asDouble());
        Hagate.assertNothingLeft();
    }

    /** keepalived nodes that do not form one VRRP group each take the VIP: a split brain, and the change's fault. */
    @Test
    void aKeepalivedSplitBrainBreaksDeploymentAndIsVotedMinusOne(@TempDir Path change) throws Exception {
        Path topology = changedDeployment(change, "keepalived.conf",
                conf -> conf.replace("virtual_router_id 51", "virtual_router_id {{node.priority}}"));

        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", topology.toString(), "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(summary().get("deploymentError").asText()).contains("held by ctl1, ctl2, ctl3 (split brain)");
        Hagate.assertNothingLeft();
    }

    @Test
    void aRunnerKilledMidScenarioLeavesALabThatLabDownRemoves() throws Exception {
        Process run = Hagate.start("run", "--reports", reports.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("fault: SIGKILL")) {
                System.out.println(line);
            }
            assertThat(line).as("the run reached the fault").isNotNull();
        }
        // As the OOM killer or a CI timeout would: no shutdown hook runs.
        run.destroyForcibly().waitFor();
        assertThat(Hagate.exec("ip netns list", "ip", "netns", "list")).contains("hagate-ctl1");

        Hagate.Outcome status = Hagate.run(TIMEOUT, "lab", "status");
        assertThat(status.output()).contains("its run died");
        assertThat(Hagate.run(TIMEOUT, "lab", "down").exitCode()).isZero();
        Hagate.assertNothingLeft();
    }
}
