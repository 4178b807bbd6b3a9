package dev.hagate.cli;

import dev.hagate.deploy.DebianDeployer;
import dev.hagate.lab.LabDirectory;
import dev.hagate.lab.LabException;
import dev.hagate.lab.Lab;
import dev.hagate.lab.Labs;
import dev.hagate.report.Console;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import dev.hagate.vote.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lab", mixinStandardHelpOptions = true, description = "Bring the lab up, tear it down, or show it.",
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class})
final class LabCommand {

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new LabException("the embedded lab needs root (network namespaces, bridges, mounts)");
        }
    }

    static class TopologyOption {
        @Option(names = "--topology", paramLabel = "FILE", description = "Topology file (default: lab-topology/embedded.yaml).")
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
            Topology topology = TopologyLoader.load(topologyOption.file());
            requireRoot();
            LabDirectory dir = LabDirectory.standard();
            Console console = new Console(System.out);
            dir.takeLease(topology.name(), topologyOption.file().toString(), "lab up");
            try (Lab lab = Labs.up(topology, dir)) {
                console.phase("lab '" + topology.name() + "' is up: " + topology.nodes().size() + " nodes on " + topology.lab().subnet());
                if (!noDeploy) {
                    new DebianDeployer().deploy(lab, step -> console.phase("deploy: " + step));
                    console.phase("deployed; the database answers on the VIP " + topology.vip() + ":3306");
                }
            } catch (RuntimeException e) {
                // Never leave a half-built lab behind.
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
}
