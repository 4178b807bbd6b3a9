package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Zuul jobs and their playbooks: well-formed, wired together, and accepted by ansible-playbook. */
class ZuulJobsIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ZUUL = Hagate.HOME.resolve("zuul.d");

    private static List<JsonNode> jobs() throws Exception {
        List<JsonNode> jobs = new ArrayList<>();
        for (JsonNode entry : YAML.readTree(ZUUL.resolve("jobs.yaml").toFile())) {
            jobs.add(entry.get("job"));
        }
        return jobs;
    }

    private static JsonNode job(String name) throws Exception {
        return jobs().stream().filter(j -> j.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theGateJobProvisionsInPreRunJudgesInRunAndCollectsInPostRun() throws Exception {
        JsonNode base = job("hagate-base");
        assertThat(base.get("pre-run").asText()).isEqualTo("playbooks/hagate/pre.yaml");
        assertThat(base.get("run").asText()).isEqualTo("playbooks/hagate/run.yaml");
        assertThat(base.get("post-run").asText()).isEqualTo("playbooks/hagate/post.yaml");
        assertThat(job("hagate-gate").get("parent").asText()).isEqualTo("hagate-base");
        assertThat(job("hagate-nightly").get("vars").get("hagate_repeat").asInt()).isGreaterThan(1);
        for (JsonNode j : jobs()) {
            for (String stage : List.of("pre-run", "run", "post-run")) {
                if (j.has(stage)) {
                    assertThat(Hagate.HOME.resolve(j.get(stage).asText())).as(j.get("name") + " " + stage).isRegularFile();
                }
            }
        }
        assertThat(Files.readString(Hagate.HOME.resolve("playbooks/hagate/pre.yaml"))).contains("./hagate lab up");
        assertThat(Files.readString(Hagate.HOME.resolve("playbooks/hagate/post.yaml"))).contains("./hagate lab down");
    }

    @Test
    void theChangeIsFoundThroughZuulProjects() throws Exception {
        for (String playbook : List.of("pre.yaml", "run.yaml", "post.yaml")) {
            assertThat(Files.readString(Hagate.HOME.resolve("playbooks/hagate").resolve(playbook)))
                    .contains("zuul.projects[hagate_project].src_dir");
        }
        assertThat(Files.readString(Hagate.HOME.resolve("playbooks/hagate/run.yaml")))
                .contains("zuul.projects[hagate_change_project].src_dir");
    }

    @Test
    void theProjectRunsTheGateInCheckAndGateAndTheNightlyPeriodically() throws Exception {
        JsonNode project = YAML.readTree(ZUUL.resolve("project.yaml").toFile()).get(0).get("project");
        assertThat(project.get("check").get("jobs").toString()).contains("hagate-gate");
        assertThat(project.get("gate").get("jobs").toString()).contains("hagate-gate");
        assertThat(project.get("periodic").get("jobs").toString()).contains("hagate-nightly");
    }

    @Test
    void everyPlaybookPassesAnsibleSyntaxCheck() throws Exception {
        List<Path> playbooks;
        try (Stream<Path> files = Files.list(Hagate.HOME.resolve("playbooks/hagate"))) {
            playbooks = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(playbooks).hasSize(3);
        for (Path playbook : playbooks) {
            Process check = new ProcessBuilder("ansible-playbook", "--syntax-check", "-i", "localhost,", playbook.toString())
                    .redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(playbook + ":\n" + output).isZero();
        }
    }
}
