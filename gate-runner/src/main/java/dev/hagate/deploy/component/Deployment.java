package dev.hagate.deploy.component;

import dev.hagate.deploy.Change;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.Secrets;
import dev.hagate.deploy.Templates;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.HostCommand;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeCommandException;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One deployment under way, as its components see it: the lab, the rendered templates, the secrets, the
 * change's trees, every component deployed, and what was started where (which a reset or a reboot starts
 * again). It gives components the steps they share: starting a program and remembering it, and running a
 * node command whose failure is the change's ({@link #changeStep}) or the lab's ({@link #labStep}).
 */
public final class Deployment {

    /** How long a program must keep running after its start to count as started. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    private final Lab lab;
    private final Templates templates;
    private final Secrets secrets;
    private final Map<Service, Component> components;
    private final Map<Change.Project, Path> changeTrees;
    private final Map<String, Map<String, String>> rendered;
    private final Map<String, Map<String, Cloud.Started>> started;
    private final Consumer<String> progress;

    /**
     * @param components  the components deployed, in order
     * @param changeTrees each change's tree on the runner, by project
     * @param rendered    the configuration files rendered so far, masked (node, path, content); components add theirs
     * @param started     what was started where (node, service name, what); components add theirs
     */
    public Deployment(Lab lab, Templates templates, Secrets secrets, Map<Service, Component> components,
                      Map<Change.Project, Path> changeTrees, Map<String, Map<String, String>> rendered,
                      Map<String, Map<String, Cloud.Started>> started, Consumer<String> progress) {
        this.lab = lab;
        this.templates = templates;
        this.secrets = secrets;
        this.components = components;
        this.changeTrees = changeTrees;
        this.rendered = rendered;
        this.started = started;
        this.progress = progress;
    }

    public Lab lab() {
        return lab;
    }

    public Templates templates() {
        return templates;
    }

    public Secrets secrets() {
        return secrets;
    }

    public Map<String, Map<String, String>> rendered() {
        return rendered;
    }

    /** Tells the operator what starts now ("galera: bootstrapping the cluster on ctl1"). */
    public void progress(String line) {
        progress.accept(line);
    }

    /** The nodes running {@code service}, in topology order. */
    public List<NodeSpec> nodesRunning(Service service) {
        return lab.topology().nodesRunning(service);
    }

    /** The change's tree for {@code component}'s project, when the change under test is of that project. */
    public Optional<Path> changeTree(Component component) {
        return component.changeProject().map(changeTrees::get);
    }

    /**
     * Unpacks the change's tree for {@code component}'s project into {@code dir} on each of {@code nodes}, when the
     * change under test is of that project (an earlier tree there is replaced).
     *
     * @return whether there was a tree to unpack
     */
    public boolean putChangeTree(Component component, List<NodeSpec> nodes, String dir) {
        Optional<Path> source = changeTree(component);
        if (source.isEmpty()) {
            return false;
        }
        progress(component.service() + ": putting the change's tree on " + names(nodes));
        String tree = HostCommand.run("sh", "-c", "tar -C \"$1\" -cz . | base64 -w0", "pack", source.get().toString());
        nodes.parallelStream().forEach(node -> labStep(node, ShellWords.script(
                "rm -rf \"$1\" && mkdir -p \"$1\" && base64 -d | tar -xz -C \"$1\"", dir), tree,
                "cannot unpack the change's tree of " + component.changeProject().orElseThrow().id()));
        return true;
    }

    /** Every database account the deployed components need, in deployment order. */
    public List<Component.DatabaseAccount> databaseAccounts() {
        return components.values().stream().flatMap(c -> c.databaseAccounts().stream()).toList();
    }

    /** Every messaging account the deployed components need, in deployment order. */
    public List<Component.MessagingAccount> messagingAccounts() {
        return components.values().stream().flatMap(c -> c.messagingAccounts().stream()).toList();
    }

    /** Starts {@code name} on {@code node}, registers it to start at boot, and remembers it for resets. */
    public void start(Service service, NodeSpec node, String name, List<String> argv) {
        lab.services(node.name()).start(name, argv);
        // A node booted again (after a power loss) starts its services as a real one would.
        lab.services(node.name()).enableAtBoot(name, argv);
        remember(service, node, name, argv);
    }

    /** Remembers that {@code service} runs {@code name} as {@code argv} on {@code node}, for resets. */
    public void remember(Service service, NodeSpec node, String name, List<String> argv) {
        started.computeIfAbsent(node.name(), n -> new ConcurrentHashMap<>()).put(name, new Cloud.Started(service, argv));
    }

    /**
     * Starts {@code name} on every node running {@code service}, as {@code command} says for each node, then
     * checks that each is still running a moment later: a program that exits at once rejected the change's
     * configuration.
     */
    public void startEverywhere(Service service, String name, Function<NodeSpec, List<String>> command) {
        List<NodeSpec> nodes = nodesRunning(service);
        if (nodes.isEmpty()) {
            return;
        }
        progress(name + ": starting on " + names(nodes));
        for (NodeSpec node : nodes) {
            start(service, node, name, command.apply(node));
        }
        LockSupport.parkNanos(SETTLE.toNanos());
        for (NodeSpec node : nodes) {
            if (!lab.services(node.name()).isRunning(name)) {
                String log = lab.shell(node.name()).exec(ShellWords.command("tail", "-n", "3", "/var/log/hagate/" + name + ".log"),
                        NodeShell.DEFAULT_TIMEOUT).stdout();
                throw new DeploymentException(name + " exited right after starting on " + node.name() + ": " + log.trim());
            }
        }
    }

    /**
     * Runs {@code command} with {@code input} (secrets go this way) on {@code node}, a step of the change's
     * services (it runs them or reads their configuration): its failure is the change's.
     */
    public void changeStep(NodeSpec node, String command, String input, String meaning) {
        NodeShell shell = lab.shell(node.name());
        ExecResult result = shell.exec(command, input, NodeShell.DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new DeploymentException(meaning + ": " + new NodeCommandException(shell.node(), command, result).getMessage());
        }
    }

    /**
     * Runs {@code command} with {@code input} on {@code node}, a step that does not depend on the change (making
     * directories, copying keys, unpacking a tree): its failure is the lab's.
     */
    public void labStep(NodeSpec node, String command, String input, String meaning) {
        NodeShell shell = lab.shell(node.name());
        ExecResult result = shell.exec(command, input, NodeShell.DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new LabException(meaning + ": " + new NodeCommandException(shell.node(), command, result).getMessage());
        }
    }

    /** "ctl1, ctl2, ctl3". */
    public static String names(List<NodeSpec> nodes) {
        return nodes.stream().map(NodeSpec::name).collect(Collectors.joining(", "));
    }
}
