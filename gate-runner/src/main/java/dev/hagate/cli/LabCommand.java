package dev.hagate.cli;

import dev.hagate.deploy.DebianDeployer;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabDirectory;
import dev.hagate.lab.LabException;
import dev.hagate.lab.Labs;
import dev.hagate.report.Console;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import dev.hagate.vote.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lab", mixinStandardHelpOptions = true, description = "Bring the lab up, tear it down, or show it.",
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.Check.class})
final class LabCommand {

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new LabException("the embedded lab needs root (network namespaces, bridges, mounts)");
        }
    }

    static class TopologyOption {
        @Option(names = "--topology", paramLabel = "FILE", description = "Topology file (default: $HAGATE_TOPOLOGY, else lab-topology/embedded.yaml).")
        Path topology;

        Path file() {
            return topology == null ? Hagate.defaultTopology() : topology;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Build the lab's nodes and deploy the services on them.")
    static final class Up implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        TopologyOption topologyOption;

        @Option(names = "--no-deploy", description = "Only build the nodes (namespaces, sshd), deploy nothing.")
        boolean noDeploy;

        @Override
        public Integer call() {
            LabDirectory dir = LabDirectory.standard();
            Topology topology = TopologyLoader.load(topologyOption.file(), Hagate.interfacesToKeepClearOf(dir));
            requireRoot();
            // Progress on standard error, what to do next on standard output, as for a run.
            Console console = new Console(System.err, System.out, false);
            dir.takeLease(topology.name(), topologyOption.file().toString(), "lab up");
            try (Lab lab = Labs.up(topology, dir)) {
                console.phase("lab '" + topology.name() + "' is up: " + topology.nodes().size() + " nodes on " + topology.lab().subnet());
                if (!noDeploy) {
                    new DebianDeployer().deploy(lab, step -> console.phase("deploy: " + step));
                    console.phase("deployed; the database answers on the VIP " + topology.vip() + ":3306");
                }
            } catch (RuntimeException | Error e) {
                // Never leave a half-built lab behind, not even after an Error.
                console.phase("lab up failed; removing what was built");
                Labs.down(dir).forEach(l -> System.err.println("hagate: not removed: " + l));
                throw e;
            }
            // A libvirt lab's nodes take the runner's own key; the embedded lab makes one per lab.
            String key = topology.lab().libvirt() == null ? dir.privateKey().toString() : topology.lab().libvirt().sshKey();
            console.line("ssh into a node: ssh -i " + key + " -o UserKnownHostsFile=" + dir.knownHosts()
                    + " root@" + topology.nodes().get(0).address());
            console.line("remove it all:   hagate lab down");
            return ExitCodes.PASS;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Remove every process, namespace, bridge, mount and file of the lab, also after a crashed run.")
    static final class Down implements Callable<Integer> {
        @Override
        public Integer call() {
            requireRoot();
            LabDirectory dir = LabDirectory.standard();
            if (!dir.inUse()) {
                System.out.println("no lab is up");
                return ExitCodes.PASS;
            }
            List<String> leftovers = Labs.down(dir);
            if (!leftovers.isEmpty()) {
                leftovers.forEach(l -> System.err.println("hagate: not removed: " + l));
                return ExitCodes.INFRASTRUCTURE;
            }
            System.out.println("lab removed");
            return ExitCodes.PASS;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether a lab is up and whether its nodes answer.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        TopologyOption topologyOption;

        @Override
        public Integer call() {
            LabDirectory dir = LabDirectory.standard();
            var lease = dir.lease();
            if (lease.isEmpty()) {
                System.out.println(dir.inUse() ? "a half-built lab is on this machine; remove it with `hagate lab down`" : "no lab is up");
                return ExitCodes.PASS;
            }
            var l = lease.get();
            System.out.println("lab '" + l.lab() + "' from " + l.topology() + ", taken by `hagate " + l.owner() + "` (pid "
                    + l.pid() + ") at " + l.createdAt() + (l.abandoned() ? " — its run died; `hagate lab down` removes it" : ""));
            Topology topology = TopologyLoader.load(Path.of(l.topology()));
            boolean allUp = true;
            try (Lab lab = Labs.attach(topology, dir)) {
                for (var node : topology.nodes()) {
                    String state;
                    try {
                        String running = lab.shell(node.name()).run("for f in /run/hagate/*.pid; do [ -e \"$f\" ] &&"
                                + " kill -0 \"$(cat \"$f\")\" 2>/dev/null && printf '%s ' \"$(basename \"$f\" .pid)\"; done; true",
                                Duration.ofSeconds(5)).trim();
                        state = "up; running: " + (running.isEmpty() ? "nothing" : running);
                    } catch (RuntimeException e) {
                        state = "DOWN: " + e.getMessage();
                        allUp = false;
                    }
                    System.out.printf("  %-12s %-15s %s%n", node.name(), node.address(), state);
                }
            }
            return allUp ? ExitCodes.PASS : ExitCodes.INFRASTRUCTURE;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check that every node of the lab answers over SSH and that its BMC answers (power status)."
                    + " Prints every failure, one line each; exit 3 when any check fails, 0 when all pass.")
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        TopologyOption topologyOption;

        @Override
        public Integer call() {
            LabDirectory dir = LabDirectory.standard();
            Path file = topologyOption.topology != null ? topologyOption.topology
                    : dir.lease().map(l -> Path.of(l.topology())).filter(java.nio.file.Files::exists).orElse(Hagate.defaultTopology());
            Topology topology = TopologyLoader.load(file);
            if (topology.lab().netns()) {
                requireRoot();
                if (dir.lease().isEmpty()) {
                    System.out.println("FAILED " + topology.name() + ": the embedded lab is not up (no lab in " + dir.root()
                            + "); `hagate lab up` builds it");
                    return ExitCodes.INFRASTRUCTURE;
                }
            }
            System.out.println("checking lab '" + topology.name() + "' (" + topology.lab().kind() + ", "
                    + topology.nodes().size() + " nodes) from " + file);
            List<String> failures = new ArrayList<>();
            try (Lab lab = Labs.attach(topology, dir)) {
                // Every node at once: an unreachable BMC or host costs its timeout only once.
                List<CompletableFuture<List<String[]>>> checks = topology.nodes().stream()
                        .map(node -> CompletableFuture.supplyAsync(() -> checkNode(lab, node.name(), node.address())))
                        .toList();
                for (CompletableFuture<List<String[]>> check : checks) {
                    for (String[] line : check.join()) {
                        System.out.println(line[0]);
                        if (line[1] != null) {
                            failures.add(line[1]);
                        }
                    }
                }
            }
            if (!failures.isEmpty()) {
                System.out.println(failures.size() + " check(s) failed");
                return ExitCodes.INFRASTRUCTURE;
            }
            System.out.println("all checks passed");
            return ExitCodes.PASS;
        }

        /** @return lines to print, each with its failure (null when it passed) */
        private static List<String[]> checkNode(Lab lab, String node, String address) {
            List<String[]> lines = new ArrayList<>();
            try {
                lab.shell(node).run("true", Duration.ofSeconds(10));
                lines.add(new String[] {String.format("  ok     %-12s ssh  %s", node, address), null});
            } catch (RuntimeException e) {
                String line = String.format("FAILED  %-12s ssh  %s", node, oneLine(e.getMessage()));
                lines.add(new String[] {line, line});
            }
            try {
                var power = lab.power(node);
                var state = power.status();
                lines.add(new String[] {String.format("  ok     %-12s bmc  power %s", node, state.toString().toLowerCase()), null});
            } catch (RuntimeException e) {
                String line = String.format("FAILED  %-12s bmc  %s", node, oneLine(e.getMessage()));
                lines.add(new String[] {line, line});
            }
            return lines;
        }

        private static String oneLine(String message) {
            return message == null ? "(no message)" : message.replace('\n', ' ');
        }
    }
}
