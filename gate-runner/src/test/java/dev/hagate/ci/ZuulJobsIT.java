package dev.hagate.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hagate.TestFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Zuul jobs and their playbooks: well-formed, wired together, accepted by ansible-playbook, and
 * mapping each exit code of {@code hagate run} to the Zuul result the README promises. The mapping is
 * checked by running the real playbooks on this machine (local connection, no root) against a fake
 * checkout whose {@code hagate} only records its arguments and exits as told.
 */
class ZuulJobsIT {

    private static final Path ROOT = TestFiles.repository();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PRE = ROOT.resolve("playbooks/hagate/pre.yaml");
    private static final Path RUN = ROOT.resolve("playbooks/hagate/run.yaml");
    private static final Path POST = ROOT.resolve("playbooks/hagate/post.yaml");

    // ---------------------------------------------------------------- reading the files

    private static List<Path> yamlFiles(String dir) {
        Path base = ROOT.resolve(dir);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> documents(Path file) {
        // Each YAML document on its own: readValues would unwrap a top-level list into its items.
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            while (parser.nextToken() != null) {
                docs.add(YAML.readTree(parser));
            }
            return docs;
        } catch (IOException e) {
            throw new AssertionError(ROOT.relativize(file) + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static List<JsonNode> plays(Path playbook) {
        List<JsonNode> plays = new ArrayList<>();
        documents(playbook).forEach(doc -> doc.forEach(plays::add));
        return plays;
    }

    private static List<JsonNode> tasks(Path playbook) {
        List<JsonNode> tasks = new ArrayList<>();
        for (JsonNode play : plays(playbook)) {
            collectTasks(play.path("tasks"), tasks);
        }
        return tasks;
    }

    private static void collectTasks(JsonNode list, List<JsonNode> into) {
        for (JsonNode task : list) {
            into.add(task);
            collectTasks(task.path("block"), into);
            collectTasks(task.path("rescue"), into);
            collectTasks(task.path("always"), into);
        }
    }

    private static Map<String, JsonNode> jobs() {
        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        for (Path file : yamlFiles("zuul.d")) {
            for (JsonNode doc : documents(file)) {
                for (JsonNode entry : doc) {
                    if (entry.has("job")) {
                        jobs.put(entry.get("job").get("name").asText(), entry.get("job"));
                    }
                }
            }
        }
        return jobs;
    }

    /** Semaphore name to its max, from every semaphore stanza in zuul.d (max defaults to 1, as in Zuul). */
    private static Map<String, Integer> semaphores() {
        Map<String, Integer> semaphores = new LinkedHashMap<>();
        for (Path file : yamlFiles("zuul.d")) {
            documents(file).forEach(doc -> doc.forEach(e -> {
                if (e.has("semaphore")) {
                    semaphores.put(e.get("semaphore").get("name").asText(), e.get("semaphore").path("max").asInt(1));
                }
            }));
        }
        return semaphores;
    }

    private static List<String> semaphoresOf(Effective job) {
        List<String> names = new ArrayList<>();
        JsonNode value = job.attributes().path("semaphores");
        if (value.isTextual()) {
            names.add(value.asText());
        }
        value.forEach(v -> names.add(v.isTextual() ? v.asText() : v.get("name").asText()));
        assertThat(job.attributes().has("semaphore")).as(job.name() + ": the singular semaphore is deprecated").isFalse();
        return names;
    }

    private static JsonNode project() {
        List<JsonNode> projects = new ArrayList<>();
        for (Path file : yamlFiles("zuul.d")) {
            documents(file).forEach(doc -> doc.forEach(e -> {
                if (e.has("project")) {
                    projects.add(e.get("project"));
                }
            }));
        }
        assertThat(projects).as("project stanzas in zuul.d").hasSize(1);
        return projects.get(0);
    }

    private static List<String> playbooksOf(JsonNode job, String stage) {
        JsonNode value = job.path(stage);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        List<String> names = new ArrayList<>();
        value.forEach(p -> names.add(p.isTextual() ? p.asText() : p.get("name").asText()));
        return names;
    }

    /** A job as Zuul runs it: pre-run parents first, post-run parents last, run and other attributes from the nearest job. */
    private record Effective(String name, List<String> preRun, List<String> run, List<String> postRun, ObjectNode attributes,
                             ObjectNode vars) {}

    private static Effective effective(String name) {
        Map<String, JsonNode> jobs = jobs();
        List<JsonNode> chain = new ArrayList<>();
        for (JsonNode job = jobs.get(name); job != null; job = jobs.get(job.path("parent").asText(null))) {
            chain.add(0, job);
        }
        assertThat(chain).as("job " + name).isNotEmpty();
        List<String> pre = new ArrayList<>();
        List<String> post = new ArrayList<>();
        List<String> run = List.of();
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        ObjectNode vars = JsonNodeFactory.instance.objectNode();
        for (JsonNode job : chain) {
            pre.addAll(playbooksOf(job, "pre-run"));
            post.addAll(0, playbooksOf(job, "post-run"));
            if (job.has("run")) {
                run = playbooksOf(job, "run");
            }
            job.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("vars") && !f.getKey().equals("abstract")) {
                    attributes.set(f.getKey(), f.getValue());
                }
            });
            attributes.set("abstract", job.path("abstract").isMissingNode() ? JsonNodeFactory.instance.booleanNode(false)
                    : job.get("abstract"));
            if (job.has("vars")) {
                vars.setAll((ObjectNode) job.get("vars"));
            }
        }
        return new Effective(name, pre, run, post, attributes, vars);
    }

    // ---------------------------------------------------------------- structure

    @Test
    void everyZuulFileAndPlaybookIsYaml() {
        List<Path> zuul = yamlFiles("zuul.d");
        List<Path> playbooks = yamlFiles("playbooks");
        assertThat(zuul).as("zuul.d/*.yaml").isNotEmpty();
        assertThat(playbooks).as("playbooks/**/*.yaml").contains(PRE, RUN, POST);
        for (Path file : concat(zuul, playbooks)) {
            List<JsonNode> docs = documents(file);
            assertThat(docs).as(ROOT.relativize(file).toString()).isNotEmpty()
                    .allSatisfy(doc -> assertThat(doc.isArray()).as(ROOT.relativize(file) + ": a list at the top").isTrue());
        }
        for (Path file : yamlFiles("roles")) {
            assertThat(documents(file)).as(ROOT.relativize(file).toString()).isNotNull();
        }
    }

    @Test
    void everyJobReferencesPlaybooksThatExistAndTheProjectOnlyJobsThatExist() {
        Map<String, JsonNode> jobs = jobs();
        assertThat(jobs).containsKeys("hagate-base", "hagate-gate", "hagate-nightly");
        for (JsonNode job : jobs.values()) {
            for (String stage : List.of("pre-run", "run", "post-run", "cleanup-run")) {
                for (String playbook : playbooksOf(job, stage)) {
                    assertThat(ROOT.resolve(playbook)).as(job.get("name").asText() + " " + stage).isRegularFile();
                }
            }
            if (job.has("parent")) {
                assertThat(jobs).as(job.get("name").asText() + "'s parent").containsKey(job.get("parent").asText());
            }
        }
        project().fields().forEachRemaining(pipeline -> pipeline.getValue().path("jobs").forEach(entry -> {
            String name = entry.isTextual() ? entry.asText() : entry.fieldNames().next();
            assertThat(jobs).as("job in the " + pipeline.getKey() + " pipeline").containsKey(name);
            assertThat(effective(name).attributes().get("abstract").asBoolean()).as(name + " is runnable").isFalse();
        }));
    }

    @Test
    void theGateJobPreparesAndRunsTheGateInPreRunVotesInRunAndCollectsInPostRun() {
        Effective gate = effective("hagate-gate");
        assertThat(gate.preRun()).containsExactly("playbooks/hagate/pre.yaml");
        assertThat(gate.run()).containsExactly("playbooks/hagate/run.yaml");
        assertThat(gate.postRun()).containsExactly("playbooks/hagate/post.yaml");
        JsonNode nodes = gate.attributes().path("nodeset").path("nodes");
        assertThat(nodes).as("one node").hasSize(1);
        assertThat(nodes.get(0).get("label").asText()).isEqualTo("debian-bookworm");
        assertThat(plays(PRE)).allSatisfy(play -> assertThat(play.get("hosts").asText()).isEqualTo(nodes.get(0).get("name").asText()));
        assertThat(gate.attributes().path("timeout").asInt()).isPositive();
        assertThat(gate.attributes().path("post-timeout").asInt()).isPositive();
        assertThat(gate.attributes().path("attempts").asInt()).as("a broken lab gets another node").isGreaterThan(1);
        assertThat(gate.vars().path("hagate_plan").asText()).isEqualTo("gate");
    }

    @Test
    void theNightlyRunsEveryScenarioRepeatedlyWithALongerTimeout() {
        Effective nightly = effective("hagate-nightly");
        assertThat(nightly.run()).containsExactly("playbooks/hagate/run.yaml");
        assertThat(nightly.vars().path("hagate_all_scenarios").asBoolean()).isTrue();
        assertThat(nightly.vars().path("hagate_repeat").asInt()).isGreaterThan(1);
        assertThat(nightly.attributes().path("timeout").asInt()).isGreaterThan(effective("hagate-gate").attributes().path("timeout").asInt());
    }

    /** A default tenant's max-job-timeout: Zuul refuses a job that asks for more. */
    private static final int MAX_JOB_TIMEOUT = 10_800;

    @Test
    void noJobAsksForMoreThanADefaultTenantAllows_andPreRunEndsBeforeTheJobTimesOut() {
        for (String name : jobs().keySet()) {
            ObjectNode job = effective(name).attributes();
            int timeout = job.path("timeout").asInt();
            int preTimeout = job.path("pre-timeout").asInt();
            assertThat(timeout).as(name + " timeout").isPositive().isLessThanOrEqualTo(MAX_JOB_TIMEOUT);
            // The gate runs in pre-run: a hung gate must end there (retried), not as TIMED_OUT.
            assertThat(preTimeout).as(name + " pre-timeout").isPositive().isLessThan(timeout);
            assertThat(job.path("post-timeout").asInt()).as(name + " post-timeout").isPositive().isLessThanOrEqualTo(MAX_JOB_TIMEOUT);
        }
    }

    @Test
    void jobsOnLabsOutsideTheNodeHoldASemaphoreOfOneNamedAfterTheLab_andOthersHoldNone() throws IOException {
        Map<String, Integer> semaphores = semaphores();
        List<String> used = new ArrayList<>();
        List<String> shared = new ArrayList<>();
        for (String name : jobs().keySet()) {
            Effective job = effective(name);
            JsonNode topology = YAML.readTree(ROOT.resolve(job.vars().get("hagate_topology").asText()).toFile());
            String kind = topology.path("lab").path("kind").asText();
            List<String> held = semaphoresOf(job);
            if (kind.equals("libvirt") || kind.equals("baremetal")) {
                shared.add(kind);
                String lab = "hagate-" + topology.get("name").asText();
                assertThat(held).as(name + " on the " + kind + " lab").containsExactly(lab);
                assertThat(semaphores).as("semaphores in zuul.d").containsEntry(lab, 1);
            } else {
                assertThat(held).as(name + " builds its lab on its own node (" + kind + ")").isEmpty();
            }
            used.addAll(held);
        }
        assertThat(shared).as("variants on shared labs").contains("libvirt", "baremetal");
        assertThat(semaphores.keySet()).as("every semaphore is held by a job").containsExactlyInAnyOrderElementsOf(used.stream().distinct().toList());
    }

    @Test
    void theProjectRunsTheGateInCheckAndGateAndTheNightlyPeriodically() {
        JsonNode project = project();
        assertThat(project.path("check").path("jobs").toString()).contains("\"hagate-gate\"");
        assertThat(project.path("gate").path("jobs").toString()).contains("\"hagate-gate\"");
        assertThat(project.path("periodic").path("jobs").toString()).contains("\"hagate-nightly\"");
    }

    @Test
    void theChangeIsLocatedThroughZuulProjects() {
        ObjectNode vars = effective("hagate-gate").vars();
        assertThat(vars.path("hagate_change_project").asText()).contains("zuul.project.canonical_name");
        assertThat(vars.path("hagate_project").asText()).contains("zuul.projects");
        for (Path playbook : List.of(PRE, RUN, POST)) {
            JsonNode playVars = plays(playbook).get(0).path("vars");
            assertThat(playVars.path("hagate_dir").asText()).as(playbook + " hagate_dir")
                    .contains("zuul.projects[hagate_project].src_dir");
            assertThat(playVars.path("hagate_result_file").asText()).as(playbook + ": the file pre-run records the result in")
                    .isEqualTo(plays(PRE).get(0).path("vars").path("hagate_result_file").asText());
        }
        for (Path playbook : List.of(PRE, RUN)) {
            assertThat(plays(playbook).get(0).path("vars").path("hagate_change_dir").asText()).as(playbook.toString())
                    .contains("zuul.projects[hagate_change_project].src_dir");
        }
    }

    @Test
    void postRemovesTheLabFirstWhateverHappened_andLeavesTheCopyToTheExecutorToFetchOutput() throws IOException {
        List<JsonNode> tasks = tasks(POST);
        JsonNode first = tasks.get(0);
        assertThat(first.path("ansible.builtin.command").asText()).isEqualTo("./hagate lab down");
        assertThat(first.has("when")).as("lab down is unconditional").isFalse();
        assertThat(first.path("ignore_errors").asBoolean()).as("a lab that will not go away does not change the verdict").isTrue();
        assertThat(plays(POST).get(0).path("vars").path("hagate_output").asText()).isEqualTo("{{ ansible_user_dir }}/zuul-output/logs/hagate");
        for (Path playbook : yamlFiles("playbooks")) {
            assertThat(tasks(playbook)).as(ROOT.relativize(playbook) + ": fetch-output copies the logs, with its own rsync")
                    .noneSatisfy(task -> assertThat(task.has("ansible.posix.synchronize") || task.has("synchronize")).isTrue())
                    .noneSatisfy(task -> assertThat(task.path("ansible.builtin.package").path("name").asText()).isEqualTo("rsync"));
            assertThat(Files.readString(playbook)).as(ROOT.relativize(playbook).toString()).doesNotContain("zuul.executor.log_root");
        }
    }

    @Test
    void everyPlaybookPassesAnsibleSyntaxCheck(@TempDir Path tmp) {
        Ansible ansible = new Ansible(tmp);
        for (Path playbook : yamlFiles("playbooks")) {
            Result check = ansible.run("--syntax-check", "-i", "localhost,", playbook.toString());
            assertThat(check.exitCode()).as(ROOT.relativize(playbook) + ":\n" + check.output()).isZero();
        }
    }

    // ---------------------------------------------------------------- exit codes, by running the playbooks

    @Nested
    class ExitCodes {

        private static final String HAGATE = "example.org/x/hagate";
        private static final String BUILD = "b0c1d2e3f4";
        private static final String CHANGE_URL = "https://review.example.org/c/x/hagate/+/1";
        /** What pre-run tells hagate about the build, from the zuul variables the fake node gets. */
        private static final String CI = "--ci Zuul --build-name " + BUILD + " --change-url " + CHANGE_URL;

        @TempDir
        Path tmp;

        Path home;
        Path checkout;
        Ansible ansible;

        @BeforeEach
        void fakeCheckout() throws IOException {
            home = tmp.resolve("home");
            checkout = home.resolve("src").resolve(HAGATE);
            Files.createDirectories(checkout.resolve("scenarios"));
            Files.createDirectories(checkout.resolve("lab-topology"));
            Files.copy(ROOT.resolve("lab-topology/embedded.yaml"), checkout.resolve("lab-topology/embedded.yaml"));
            try (Stream<Path> scenarios = Files.list(ROOT.resolve("scenarios"))) {
                for (Path s : scenarios.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    Files.copy(s, checkout.resolve("scenarios").resolve(s.getFileName()));
                }
            }
            Path hagate = TestFiles.write(checkout, "hagate", """
                    #!/bin/bash
                    here="$(cd "$(dirname "$0")" && pwd)"
                    echo "$*" >> "$here/calls"
                    if [ "$1" = run ]; then
                      code=$(head -n 1 "$here/exit-codes"); sed -i 1d "$here/exit-codes"
                      [ -n "$code" ] || { echo "fake hagate: no exit code left" >&2; exit 99; }
                      echo "fake hagate run: exit $code"
                      exit "$code"
                    fi
                    """);
            assertThat(hagate.toFile().setExecutable(true)).isTrue();
            ansible = new Ansible(tmp);
        }

        private void hagateExits(int... codes) throws IOException {
            StringBuilder lines = new StringBuilder();
            for (int code : codes) {
                lines.append(code).append('\n');
            }
            Files.writeString(checkout.resolve("exit-codes"), lines);
        }

        private List<String> calls() throws IOException {
            Path calls = checkout.resolve("calls");
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        }

        private List<String> runCalls() throws IOException {
            return calls().stream().filter(c -> c.startsWith("run ")).toList();
        }

        private JsonNode recorded() throws IOException {
            return JSON.readTree(home.resolve("hagate-gate.json").toFile());
        }

        private static ObjectNode zuulProject(String canonicalName) {
            ObjectNode p = JsonNodeFactory.instance.objectNode();
            p.put("canonical_name", canonicalName);
            p.put("short_name", canonicalName.substring(canonicalName.lastIndexOf('/') + 1));
            p.put("src_dir", "src/" + canonicalName);
            return p;
        }

        /** The job's own variables from zuul.d, the zuul variable for a change to {@code changeProject}, then overrides. */
        private Path vars(String job, String changeProject, List<String> checkedOut, Map<String, Object> overrides) throws IOException {
            ObjectNode vars = effective(job).vars().deepCopy();
            ObjectNode zuul = vars.putObject("zuul");
            zuul.set("project", zuulProject(changeProject));
            ObjectNode projects = zuul.putObject("projects");
            for (String name : checkedOut) {
                projects.set(name, zuulProject(name));
            }
            zuul.put("ref", "refs/changes/01/1/1");
            zuul.put("build", BUILD);
            zuul.put("tenant", "openstack");
            zuul.put("change_url", CHANGE_URL);
            zuul.putObject("executor").put("log_root", tmp.resolve("logs").toString());
            vars.put("ansible_user_dir", home.toString());
            vars.put("ansible_connection", "local");
            vars.put("ansible_become", false);
            vars.put("ansible_python_interpreter", "{{ ansible_playbook_python }}");
            overrides.forEach((k, v) -> vars.set(k, JSON.valueToTree(v)));
            Path file = tmp.resolve("vars-" + System.nanoTime() + ".json");
            JSON.writeValue(file.toFile(), vars);
            return file;
        }

        private Path hagateChange() throws IOException {
            return vars("hagate-gate", HAGATE, List.of(HAGATE), Map.of());
        }

        /** As Zuul runs it, but without the package installs, which need root and a mirror. */
        private Result play(Path playbook, Path vars) {
            return ansible.run("-i", "lab,", "-e", "@" + vars, "--skip-tags", "packages", playbook.toString());
        }

        @Test
        void zeroPassesPreRunAndRunFromTheChangesOwnCheckout() throws IOException {
            hagateExits(0);
            Path vars = hagateChange();
            Result pre = play(PRE, vars);
            assertThat(pre.exitCode()).as(pre.output()).isZero();
            assertThat(calls()).containsExactly("--version",
                    "run --topology " + checkout.resolve("lab-topology/embedded.yaml") + " --plan gate " + CI);
            assertThat(recorded().get("exit").asInt()).isZero();
            Result run = play(RUN, vars);
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains(HAGATE + " at refs/changes/01/1/1");
        }

        @Test
        void oneIsAVerdictSoPreRunPassesAndRunFails() throws IOException {
            hagateExits(1);
            Path vars = hagateChange();
            assertThat(play(PRE, vars).exitCode()).isZero();
            Result run = play(RUN, vars);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("hagate exited 1: HA regression");
        }

        @Test
        void twoFailsRunSayingNoHaVerdictWasReached() throws IOException {
            hagateExits(2);
            Path vars = hagateChange();
            assertThat(play(PRE, vars).exitCode()).isZero();
            Result run = play(RUN, vars);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("hagate exited 2: bad input").contains("no HA verdict was reached");
        }

        @Test
        void threeFailsPreRunSoZuulRetriesOnAFreshNodeInsteadOfVoting() throws IOException {
            hagateExits(3);
            Result pre = play(PRE, hagateChange());
            assertThat(pre.exitCode()).as(pre.output()).isEqualTo(2);
            assertThat(pre.output()).contains("the lab broke under the gate, which").contains("Zuul retry the job");
            assertThat(recorded().get("exit").asInt()).isEqualTo(3);
            assertThat(ansible.zuulReturns()).as("nothing may turn the retry off").isEmpty();
        }

        @Test
        void fourIsARunnerDefectSoRunFailsSayingNoHaVerdictAndNothingAsksForARetry() throws IOException {
            hagateExits(4);
            Path vars = hagateChange();
            Result pre = play(PRE, vars);
            assertThat(pre.exitCode()).as("pre-run fails only for a broken lab, which a defect is not:\n" + pre.output()).isZero();
            assertThat(recorded().toString()).isEqualTo("{\"exit\":4,\"runs\":[4]}");
            Result run = play(RUN, vars);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("hagate exited 4: runner defect, no HA verdict").contains("not retried");
            assertThat(ansible.zuulReturns()).isEmpty();
        }

        @Test
        void aRunnerDefectStopsTheRepeats_butAVerdictBeforeItStillVotes() throws IOException {
            Path vars = vars("hagate-nightly", HAGATE, List.of(HAGATE), Map.of());
            hagateExits(3, 4, 0);
            assertThat(play(PRE, vars).exitCode()).isZero();
            assertThat(recorded().toString()).isEqualTo("{\"exit\":4,\"runs\":[3,4]}");

            Files.delete(checkout.resolve("calls"));
            hagateExits(1, 4, 0);
            assertThat(play(PRE, vars).exitCode()).isZero();
            assertThat(runCalls()).hasSize(2);
            assertThat(recorded().toString()).isEqualTo("{\"exit\":1,\"runs\":[1,4]}");
            assertThat(play(RUN, vars).output()).contains("hagate exited 1: HA regression");
        }

        @Test
        void theBuildAndTheChangeReachTheReportsFromZuulsVariables() throws IOException {
            hagateExits(0);
            Path vars = vars("hagate-gate", HAGATE, List.of(HAGATE), Map.of("hagate_zuul_url", "https://zuul.example.org/"));
            Result pre = play(PRE, vars);
            assertThat(pre.exitCode()).as(pre.output()).isZero();
            assertThat(runCalls()).containsExactly("run --topology " + checkout.resolve("lab-topology/embedded.yaml") + " --plan gate"
                    + " --ci Zuul --build-name " + BUILD + " --ci-url https://zuul.example.org/t/openstack"
                    + " --build-url https://zuul.example.org/t/openstack/build/" + BUILD + " --change-url " + CHANGE_URL);
        }

        @Test
        void postCopiesTheReportsIntoZuulOutputForFetchOutput_andLinksTheHtmlReport() throws IOException {
            hagateExits(0, 0, 0);
            Path vars = vars("hagate-nightly", HAGATE, List.of(HAGATE), Map.of());
            Result pre = play(PRE, vars);
            assertThat(pre.exitCode()).as(pre.output()).isZero();
            Path run = checkout.resolve("reports/runs/20261123-020000-abcd");
            TestFiles.write(run, "summary.json", "{\"exitCode\": 0}");
            TestFiles.write(run.resolve("allure-results"), "x-result.json", "{}");
            Files.createSymbolicLink(checkout.resolve("reports/latest"), Path.of("runs/20261123-020000-abcd"));
            TestFiles.write(checkout.resolve("reports/allure-report"), "index.html", "<html></html>");

            Result post = play(POST, vars);

            assertThat(post.exitCode()).as(post.output()).isZero();
            assertThat(post.output()).doesNotContain("...ignoring");
            Path logs = home.resolve("zuul-output/logs/hagate");
            assertThat(logs.resolve("summary.json")).content().isEqualTo("{\"exitCode\": 0}");
            assertThat(logs.resolve("allure-results/x-result.json")).exists();
            assertThat(logs.resolve("allure-report/index.html")).exists();
            assertThat(logs.resolve("runs/20261123-020000-abcd/summary.json")).exists();
            assertThat(logs.resolve("hagate-gate.json")).content().contains("\"exit\": 0");
            assertThat(calls()).contains("report");
            assertThat(ansible.zuulReturns()).extracting(JsonNode::toString)
                    .containsExactly("{\"zuul\":{\"artifacts\":[{\"name\":\"HA gate report\",\"url\":\"hagate/allure-report/index.html\"}]}}");
        }

        @Test
        void postWithNothingToCopyStillPasses() throws IOException {
            Result post = play(POST, hagateChange());
            assertThat(post.exitCode()).as(post.output()).isZero();
            assertThat(ansible.zuulReturns()).isEmpty();
        }

        @Test
        void anExitCodeHagateDoesNotDocumentIsNoVerdictEither() throws IOException {
            hagateExits(137);
            Result pre = play(PRE, hagateChange());
            assertThat(pre.exitCode()).as(pre.output()).isEqualTo(2);
            assertThat(recorded().toString()).isEqualTo("{\"exit\":3,\"runs\":[137]}");
        }

        @Test
        void theNightlyRunsEveryScenarioEachRepeatAndOneVerdictOutweighsABrokenLab() throws IOException {
            hagateExits(3, 1, 0);
            Path vars = vars("hagate-nightly", HAGATE, List.of(HAGATE), Map.of());
            Result pre = play(PRE, vars);
            assertThat(pre.exitCode()).as(pre.output()).isZero();
            List<String> scenarioArgs = new ArrayList<>();
            try (Stream<Path> files = Files.list(checkout.resolve("scenarios"))) {
                files.filter(f -> !isPlan(f)).sorted().forEach(f -> scenarioArgs.add("--scenario " + f));
            }
            assertThat(scenarioArgs).isNotEmpty();
            int repeat = effective("hagate-nightly").vars().get("hagate_repeat").asInt();
            assertThat(runCalls()).hasSize(repeat).allSatisfy(call -> assertThat(call).endsWith(String.join(" ", scenarioArgs)));
            assertThat(recorded().toString()).isEqualTo("{\"exit\":1,\"runs\":[3,1,0]}");
            assertThat(play(RUN, vars).exitCode()).isEqualTo(2);
        }

        @Test
        void aBrokenLabAmongPassesIsRetriedAndBadInputStopsTheRepeats() throws IOException {
            Path vars = vars("hagate-nightly", HAGATE, List.of(HAGATE), Map.of());
            hagateExits(0, 3, 0);
            assertThat(play(PRE, vars).exitCode()).isEqualTo(2);
            assertThat(recorded().toString()).isEqualTo("{\"exit\":3,\"runs\":[0,3,0]}");

            Files.delete(checkout.resolve("calls"));
            hagateExits(2, 0, 0);
            assertThat(play(PRE, vars).exitCode()).isZero();
            assertThat(runCalls()).hasSize(1);
            assertThat(recorded().toString()).isEqualTo("{\"exit\":2,\"runs\":[2]}");
        }

        @Test
        void aChangeToAnotherProjectIsDeployedFromTheTemplatesItHolds() throws IOException {
            String config = "example.org/openstack/ha-config";
            Path templates = home.resolve("src").resolve(config).resolve("ha-templates");
            Files.createDirectories(templates);
            hagateExits(0);
            Path vars = vars("hagate-gate", config, List.of(config, HAGATE), Map.of("hagate_change_templates", "ha-templates"));
            Result pre = play(PRE, vars);
            assertThat(pre.exitCode()).as(pre.output()).isZero();
            Path topology = home.resolve("hagate-topology.yaml");
            assertThat(runCalls()).containsExactly("run --topology " + topology + " --plan gate " + CI);
            assertThat(YAML.readTree(topology.toFile()).get("templates").asText()).isEqualTo(templates.toString());
            assertThat(YAML.readTree(topology.toFile()).get("nodes"))
                    .isEqualTo(YAML.readTree(ROOT.resolve("lab-topology/embedded.yaml").toFile()).get("nodes"));
            Result run = play(RUN, vars);
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains(config + " at refs/changes/01/1/1");
        }

        @Test
        void aChangeToKeystoneIsPassedToHagateAtTheCommitZuulCheckedOut() throws IOException {
            String keystone = "example.org/openstack/keystone";
            hagateExits(0);
            Path vars = vars("hagate-gate", keystone, List.of(keystone, HAGATE), Map.of());
            Result pre = play(PRE, vars);
            assertThat(pre.exitCode()).as(pre.output()).isZero();
            assertThat(runCalls()).containsExactly("run --topology " + checkout.resolve("lab-topology/embedded.yaml")
                    + " --plan gate --change " + keystone + "=" + home.resolve("src").resolve(keystone) + "@HEAD " + CI);
            Result run = play(RUN, vars);
            assertThat(run.exitCode()).as(run.output()).isZero();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                example.org/openstack/keystone | false | list it in the job's required-projects
                """)
        void aJobThatCannotLocateTheChangeFailsWithoutRetryAndRunsNothing(String change, boolean checkedOut, String message)
                throws IOException {
            hagateExits(0);
            List<String> projects = checkedOut ? List.of(change, HAGATE) : List.of(HAGATE);
            Path vars = vars("hagate-gate", HAGATE, projects, Map.of("hagate_change_project", change));
            Result pre = play(PRE, vars);
            assertThat(pre.exitCode()).as(pre.output()).isEqualTo(2);
            assertThat(pre.output()).contains(change).contains(message);
            assertThat(ansible.zuulReturns()).extracting(JsonNode::toString).containsExactly("{\"zuul\":{\"retry\":false}}");
            assertThat(calls()).isEmpty();
        }
    }

    private static boolean isPlan(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(l -> l.startsWith("plan:"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---------------------------------------------------------------- ansible-playbook

    private record Result(int exitCode, String output) {}

    /**
     * ansible-playbook with its configuration, temporary files and module path inside {@code dir}. Zuul's own
     * module zuul_return is a stub that records what the playbooks return to Zuul.
     */
    private static final class Ansible {
        private final Path dir;
        private final Path returns;
        private final Map<String, String> env = new LinkedHashMap<>();

        Ansible(Path dir) {
            this.dir = dir;
            this.returns = dir.resolve("zuul_return.jsonl");
            Path library = dir.resolve("ansible-library");
            TestFiles.write(library, "zuul_return.py", """
                    #!/usr/bin/python3
                    # WANT_JSON
                    import json, sys
                    with open(sys.argv[1]) as f:
                        args = json.load(f)
                    with open(%s, "a") as out:
                        out.write(json.dumps(args.get("data", {})) + "\\n")
                    print(json.dumps({"changed": False}))
                    """.formatted(JSON.valueToTree(returns.toString()).toString()));
            Path config = TestFiles.write(dir, "ansible.cfg", "[defaults]\n");
            env.put("ANSIBLE_CONFIG", config.toString());
            env.put("ANSIBLE_HOME", dir.resolve("ansible-home").toString());
            env.put("ANSIBLE_LOCAL_TEMP", dir.resolve("ansible-tmp").toString());
            env.put("ANSIBLE_REMOTE_TMP", dir.resolve("ansible-tmp").toString());
            env.put("ANSIBLE_LIBRARY", library.toString());
            // Zuul gathers facts before the first playbook; the fake node's facts come as variables.
            env.put("ANSIBLE_GATHERING", "explicit");
            env.put("ANSIBLE_RETRY_FILES_ENABLED", "false");
            env.put("ANSIBLE_NOCOLOR", "1");
        }

        List<JsonNode> zuulReturns() throws IOException {
            if (!Files.exists(returns)) {
                return List.of();
            }
            List<JsonNode> all = new ArrayList<>();
            for (String line : Files.readAllLines(returns)) {
                all.add(JSON.readTree(line));
            }
            return all;
        }

        Result run(String... args) {
            List<String> command = new ArrayList<>();
            command.add(executable());
            command.addAll(List.of(args));
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
                builder.environment().putAll(env);
                Process process = builder.start();
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("ansible-playbook " + String.join(" ", args) + " did not finish in 180 s");
                }
                return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** CI installs Ansible, so a machine without it must not pass these checks by skipping them. */
        private static String executable() {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "ansible-playbook");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
            return fail("ansible-playbook is not installed, so the Zuul playbooks cannot be checked: install Debian's"
                    + " ansible package (scripts/install-packages --test, or apt-get install -y --no-install-recommends ansible)");
        }
    }
}
