package dev.hagate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hagate.scenario.Plan;
import dev.hagate.scenario.Scenario;
import dev.hagate.scenario.ScenarioLoader;
import dev.hagate.topology.TopologyLoader;
import dev.hagate.vote.ExitCodes;
import dev.hagate.yaml.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List or validate scenario files.",
        subcommands = {ScenariosCommand.Validate.class, ScenariosCommand.ListScenarios.class})
final class ScenariosCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check scenario and plan files (default: every file in scenarios/) against a topology; exit 2 on any problem.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Scenario or plan files, or names; a file with a top-level `plan:` is a plan,"
                + " checked with every scenario it names.")
        List<String> files;

        @Option(names = "--topology", paramLabel = "FILE", description = "Topology the scenarios must fit (default: $HAGATE_TOPOLOGY, else lab-topology/embedded.yaml).")
        Path topology;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            var lab = TopologyLoader.load(topology == null ? Hagate.defaultTopology() : topology);
            ScenarioLoader loader = new ScenarioLoader(Hagate.scenariosDir(), lab);
            List<String> names = files == null || files.isEmpty() ? allFiles() : files;
            List<String> scenarioNames = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            List<String> valid = new ArrayList<>();
            for (String name : names) {
                if (!isPlan(loader.resolve(name))) {
                    scenarioNames.add(name);
                    continue;
                }
                // Each plan on its own: a scenario it names may also be given here, and is no duplicate.
                try {
                    Plan plan = loader.loadPlan(name);
                    valid.add("ok  " + loader.resolve(name) + " (plan " + plan.name() + ": "
                            + String.join(", ", plan.scenarios().stream().map(Scenario::name).toList()) + ")");
                    plan.scenarios().forEach(s -> valid.add("    " + s.name() + ": " + faultLine(loader, s)));
                } catch (BadInputException e) {
                    problems.addAll(e.problems());
                }
            }
            try {
                for (Scenario s : loader.loadAll(scenarioNames)) {
                    valid.add("ok  " + s.source() + " (" + s.name() + ")");
                    valid.add("    " + faultLine(loader, s));
                }
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
            if (!problems.isEmpty()) {
                throw new BadInputException(problems);
            }
            PrintWriter out = spec.commandLine().getOut();
            valid.forEach(out::println);
            out.flush();
            return ExitCodes.PASS;
        }

        /** Where the scenario's fault lands on the topology validated against: "fault partition hits node ctl2". */
        static String faultLine(ScenarioLoader loader, Scenario scenario) {
            return "fault " + scenario.fault().kind() + " " + loader.faultTarget(scenario);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenarios in scenarios/.")
    static final class ListScenarios implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--json", description = "A JSON array for machines: each scenario's name, description, fault kind and file.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            var lab = TopologyLoader.load(Hagate.defaultTopology());
            ScenarioLoader loader = new ScenarioLoader(Hagate.scenariosDir(), lab);
            List<String> problems = new ArrayList<>();
            List<Scenario> scenarios = new ArrayList<>();
            for (String file : allScenarioFiles()) {
                try {
                    scenarios.add(loader.load(Path.of(file)));
                } catch (BadInputException e) {
                    problems.addAll(e.problems());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!json) {
                scenarios.forEach(s -> out.printf("%-24s %s%n", s.name(), s.description()));
            } else if (problems.isEmpty()) {
                // No JSON at all otherwise: a list without the broken files would pass for every scenario there is.
                ArrayNode list = JSON.createArrayNode();
                for (Scenario s : scenarios) {
                    list.addObject().put("name", s.name()).put("description", s.description()).put("fault", s.fault().kind())
                            .put("file", Hagate.home().relativize(s.source().toAbsolutePath()).toString());
                }
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
            }
            out.flush();
            problems.forEach(p -> spec.commandLine().getErr().println("hagate: " + p));
            return problems.isEmpty() ? ExitCodes.PASS : ExitCodes.BAD_INPUT;
        }
    }

    /** Every scenario file in scenarios/ (plan files, which have a top-level {@code plan:}, are not scenarios). */
    static List<String> allScenarioFiles() throws IOException {
        return allFiles().stream().filter(f -> !isPlan(Path.of(f))).toList();
    }

    /** Every YAML file in scenarios/: scenarios and plans. */
    private static List<String> allFiles() throws IOException {
        try (Stream<Path> files = Files.list(Hagate.scenariosDir())) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(Path::toString).toList();
        }
    }

    private static boolean isPlan(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(l -> l.startsWith("plan:"));
        } catch (IOException e) {
            return false;
        }
    }
}
