package dev.hagate.scenario;

import dev.hagate.fault.FaultKind;
import dev.hagate.fault.FaultKinds;
import dev.hagate.fault.Targets;
import dev.hagate.probe.ProbeKind;
import dev.hagate.probe.ProbeKinds;
import dev.hagate.scenario.Catalog.CheckKind;
import dev.hagate.scenario.Scenario.CheckSpec;
import dev.hagate.scenario.Scenario.FaultSpec;
import dev.hagate.scenario.Scenario.ProbeSpec;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.yaml.BadInputException;
import dev.hagate.yaml.DurationDeserializer;
import dev.hagate.yaml.InputProblem;
import dev.hagate.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads scenario and plan files, rejecting with file:line:column and field anything the runner could not
 * carry out, before any lab is built. A scenario is named either by a path or by its name, which is looked
 * up as {@code <scenarios dir>/<name>.yaml}.
 */
public final class ScenarioLoader {

    private static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
    private static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(5);
    private static final Duration LONGEST_PHASE = Duration.ofHours(1);
    /** Operations per second: slower says nothing within a phase's seconds; faster only loads the runner. */
    private static final double LOWEST_RATE = 0.1;
    private static final double HIGHEST_RATE = 1000;
    private static final String RATE_RANGE = "from 0.1 to 1000";

    /** A scenario file as written. */
    record ScenarioFile(String name, String description, FaultSpec fault, Duration warmup, Duration hold,
                        Duration cooldown, List<ProbeSpec> probes, List<CheckSpec> checks) {}

    /** A plan file as written: scenario names or paths, in order. */
    record PlanFile(String plan, String description, List<String> scenarios) {}

    private final Path scenariosDir;
    private final Topology topology;

    /** @param topology the lab the scenarios will run on: fault targets must be its nodes */
    public ScenarioLoader(Path scenariosDir, Topology topology) {
        this.scenariosDir = scenariosDir;
        this.topology = topology;
    }

    /** Resolves {@code nameOrPath}: an existing path or anything with a '/' or '.yaml' is a path, else a name. */
    public Path resolve(String nameOrPath) {
        Path asPath = Path.of(nameOrPath);
        if (Files.exists(asPath) || nameOrPath.contains("/") || nameOrPath.endsWith(".yaml")) {
            return asPath;
        }
        return scenariosDir.resolve(nameOrPath + ".yaml");
    }

    public Scenario load(String nameOrPath) {
        Path file = resolve(nameOrPath);
        if (!Files.exists(file)) {
            throw new BadInputException("no scenario '" + nameOrPath + "': " + file + " does not exist; scenarios are "
                    + available());
        }
        return load(file);
    }

    public Scenario load(Path file) {
        YamlFile<ScenarioFile> yaml = YamlFile.read(file, ScenarioFile.class);
        ScenarioFile s = yaml.value();
        if (yaml.require(s.name(), "name", "the scenario's name") && !s.name().matches("[a-z][a-z0-9-]*")) {
            yaml.problem("name", "expected lower case letters, digits and '-'; got '" + s.name() + "'");
        }
        checkFault(yaml, s.fault());
        checkPhase(yaml, "warmup", s.warmup());
        if (yaml.require(s.hold(), "hold", "how long the fault stays in effect, such as 15s")) {
            checkPhase(yaml, "hold", s.hold());
        }
        checkPhase(yaml, "cooldown", s.cooldown());
        Set<String> probes = checkProbes(yaml, s.probes(), topology);
        checkChecks(yaml, s.checks(), probes);
        yaml.throwIfProblems();
        return new Scenario(file, s.name(), s.description() == null ? "" : s.description(), s.fault(),
                s.warmup() == null ? DEFAULT_WARMUP : s.warmup(), s.hold(),
                s.cooldown() == null ? DEFAULT_COOLDOWN : s.cooldown(), List.copyOf(s.probes()), List.copyOf(s.checks()));
    }

    /** Loads a plan and every scenario it names; problems in all of them are reported together. */
    public Plan loadPlan(String nameOrPath) {
        Path file = resolve(nameOrPath);
        if (!Files.exists(file)) {
            throw new BadInputException("no plan '" + nameOrPath + "': " + file + " does not exist");
        }
        YamlFile<PlanFile> yaml = YamlFile.read(file, PlanFile.class);
        PlanFile p = yaml.value();
        yaml.require(p.plan(), "plan", "the plan's name");
        if (yaml.require(p.scenarios(), "scenarios", "a list of scenario names or files")) {
            for (int i = 0; i < p.scenarios().size(); i++) {
                if (!Files.exists(resolve(p.scenarios().get(i)))) {
                    yaml.problem("scenarios[" + i + "]", "no scenario '" + p.scenarios().get(i) + "'; expected one of "
                            + available());
                }
            }
        }
        yaml.throwIfProblems();
        return new Plan(p.plan(), p.description() == null ? "" : p.description(), loadAll(p.scenarios()));
    }

    /** Loads each of {@code namesOrPaths}, collecting the problems of all before throwing. */
    public List<Scenario> loadAll(List<String> namesOrPaths) {
        List<Scenario> scenarios = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String each : namesOrPaths) {
            try {
                Scenario scenario = load(each);
                if (!names.add(scenario.name())) {
                    problems.add(new InputProblem(scenario.source(), 0, 0, "name", "scenario '" + scenario.name()
                            + "' is listed twice").toString());
                }
                scenarios.add(scenario);
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return scenarios;
    }

    private String available() {
        try (var files = Files.list(scenariosDir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - 5)).sorted().toList().toString();
        } catch (java.io.IOException e) {
            return "(none: cannot list " + scenariosDir + ")";
        }
    }

    private void checkFault(YamlFile<?> yaml, FaultSpec fault) {
        if (!yaml.require(fault, "fault", "a mapping with the fault's kind")) {
            return;
        }
        List<String> kinds = FaultKinds.names();
        if (!yaml.require(fault.kind(), "fault.kind", "one of: " + String.join(", ", kinds))) {
            return; // what target and port may be depends on the kind
        }
        Optional<FaultKind> kind = FaultKinds.find(fault.kind());
        if (kind.isEmpty()) {
            yaml.problem("fault.kind", "unknown fault '" + fault.kind() + "'; expected one of: " + String.join(", ", kinds));
        }
        String target = fault.target();
        // An unknown kind is judged against the node roles of most faults, so a bad target is still reported.
        List<String> roles = kind.map(FaultKind::roleWords).orElse(Targets.ROLES.stream().map(FaultKind.TargetRole::word).toList());
        if (target != null && !roles.contains(target) && topology.node(target).isEmpty()) {
            yaml.problem("fault.target", "expected " + String.join(", ", roles.stream().map(r -> "'" + r + "'").toList())
                    + " or a node of topology '" + topology.name() + "' (" + String.join(", ",
                    topology.nodes().stream().map(Topology.NodeSpec::name).toList()) + "); got '" + target + "'");
        }
        if (fault.port() != null) {
            if (kind.isPresent() && !kind.get().takesPort()) {
                List<String> withPort = FaultKinds.all().stream().filter(FaultKind::takesPort).map(FaultKind::name).toList();
                yaml.problem("fault.port", "fault '" + fault.kind() + "' takes no port; only " + String.join(", ", withPort)
                        + " does");
            } else if (fault.port() < 1 || fault.port() > 65535) {
                yaml.problem("fault.port", "expected a port from 1 to 65535; got " + fault.port());
            }
        }
        kind.ifPresent(k -> checkFaultService(yaml, k, fault));
        kind.ifPresent(k -> checkTargetRole(yaml, k, fault));
    }

    /** A target naming a part ("master") needs nodes that can play it, or it could only fail at run time. */
    private void checkTargetRole(YamlFile<?> yaml, FaultKind kind, FaultSpec fault) {
        String target = fault.target() == null ? kind.defaultTarget() : fault.target();
        // A part chosen among the nodes of the fault's own service was judged with that service.
        kind.roles().stream().filter(r -> r.word().equals(target) && !r.among().equals(kind.service())
                        && topology.nodesRunning(r.among()).isEmpty()).findFirst()
                .ifPresent(r -> yaml.problem("fault.target", "target '" + target + "' is " + r.howChosen() + ", chosen among the nodes"
                        + " running " + r.among() + ", and topology '" + topology.name() + "' has none"));
    }

    /** A fault that breaks a service needs nodes running it, and a target named by node must be one of them. */
    private void checkFaultService(YamlFile<?> yaml, FaultKind kind, FaultSpec fault) {
        Service service = kind.service();
        if (service == null) {
            return;
        }
        List<String> running = topology.nodesRunning(service).stream().map(Topology.NodeSpec::name).toList();
        if (running.isEmpty()) {
            yaml.problem("fault.kind", "fault '" + fault.kind() + "' needs nodes running " + service
                    + ", and topology '" + topology.name() + "' has none");
        } else if (fault.target() != null && topology.node(fault.target()).isPresent() && !running.contains(fault.target())) {
            yaml.problem("fault.target", "node '" + fault.target() + "' does not run " + service + "; fault '" + fault.kind()
                    + "' needs one that does: " + String.join(", ", running));
        }
    }

    /**
     * Which node the fault of {@code scenario} hits on this loader's topology, or how it will be chosen at run
     * time: {@code hits node ctl2}, {@code hits writer, chosen at run time: the node HAProxy sends writes to, ...}.
     */
    public String faultTarget(Scenario scenario) {
        return Catalog.faultKind(scenario.fault().kind()).describeTarget(scenario.fault().target(), topology);
    }

    private static void checkPhase(YamlFile<?> yaml, String field, Duration value) {
        if (value != null && value.compareTo(LONGEST_PHASE) > 0) {
            yaml.problem(field, "expected at most 1h; got " + value.toMinutes() + "m");
        }
    }

    private static Set<String> checkProbes(YamlFile<?> yaml, List<ProbeSpec> probes, Topology topology) {
        Set<String> kinds = new HashSet<>();
        if (!yaml.require(probes, "probes", "a list of probes, such as '- kind: sql-writer'")) {
            return kinds;
        }
        for (int i = 0; i < probes.size(); i++) {
            ProbeSpec p = probes.get(i);
            String at = "probes[" + i + "]";
            if (!yaml.require(p, at, "a probe with a kind") || !yaml.require(p.kind(), at + ".kind", "one of " + ProbeKinds.names())) {
                continue;
            }
            Optional<ProbeKind> kind = ProbeKinds.find(p.kind());
            if (kind.isEmpty()) {
                yaml.problem(at + ".kind", "unknown probe '" + p.kind() + "'; expected one of: " + String.join(", ", ProbeKinds.names()));
            } else if (!kinds.add(p.kind())) {
                yaml.problem(at + ".kind", "probe '" + p.kind() + "' is listed twice");
            } else if (topology.nodesRunning(kind.get().service()).isEmpty()) {
                yaml.problem(at + ".kind", "probe '" + p.kind() + "' uses " + kind.get().service()
                        + ", which no node of topology '" + topology.name() + "' runs");
            }
            if (p.rate() != null && !(p.rate() >= LOWEST_RATE && p.rate() <= HIGHEST_RATE)) {
                yaml.problem(at + ".rate", "expected operations per second " + RATE_RANGE + "; got " + p.rate());
            }
        }
        return kinds;
    }

    private static void checkChecks(YamlFile<?> yaml, List<CheckSpec> checks, Set<String> probes) {
        if (!yaml.require(checks, "checks", "a list of SLA checks, each with kind and limit")) {
            return;
        }
        for (int i = 0; i < checks.size(); i++) {
            CheckSpec c = checks.get(i);
            String at = "checks[" + i + "]";
            if (!yaml.require(c, at, "a check with kind and limit") || !yaml.require(c.kind(), at + ".kind", "one of " + CheckKind.ids())) {
                continue;
            }
            CheckKind kind = CheckKind.of(c.kind());
            if (kind == null) {
                yaml.problem(at + ".kind", "unknown check '" + c.kind() + "'; expected one of: " + String.join(", ", CheckKind.ids()));
                continue;
            }
            if (kind.needsProbe) {
                if (!yaml.require(c.probe(), at + ".probe", "the probe whose history it reads, one of " + probes)) {
                    continue;
                }
                if (!probes.contains(c.probe())) {
                    yaml.problem(at + ".probe", "expected a probe of this scenario " + probes + "; got '" + c.probe() + "'");
                } else if (!kind.probes.contains(c.probe())) {
                    yaml.problem(at + ".probe", "check '" + c.kind() + "' reads the history of " + String.join(" or ", kind.probes)
                            + "; got '" + c.probe() + "'");
                }
            } else if (c.probe() != null) {
                yaml.problem(at + ".probe", "check '" + c.kind() + "' reads the scenario's own history and takes no probe");
            }
            if (yaml.require(c.limit(), at + ".limit", kind.expectedLimit()) && !Catalog.validLimit(kind, c.limit())) {
                String expected = kind.limit == Catalog.CheckKind.Limit.DURATION ? DurationDeserializer.expected(String.valueOf(c.limit())) : kind.expectedLimit();
                yaml.problem(at + ".limit", "expected " + expected + "; got '" + c.limit() + "'");
            }
        }
    }
}
