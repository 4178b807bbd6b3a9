package dev.hagate.deploy;

import dev.hagate.deploy.component.Component;
import dev.hagate.deploy.component.Components;
import dev.hagate.deploy.component.Deployment;
import dev.hagate.deploy.component.GaleraComponent;
import dev.hagate.deploy.component.KeystoneComponent;
import dev.hagate.deploy.component.RabbitMqComponent;
import dev.hagate.deploy.component.SideBySide;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import dev.hagate.lab.NodeCommandException;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Deploys the OpenStack control plane from Debian's packages onto any Debian node (of the topology's release) it reaches over SSH
 * (namespace nodes, VMs, bare metal), as the OpenStack HA guide lays it out: MariaDB + Galera (bootstrap the
 * first node, join the others one by one by mariabackup), a clustercheck endpoint per node, RabbitMQ clustered
 * on every node, memcached on every node, Keystone on every node served by uWSGI, HAProxy in front of Galera
 * and Keystone, and keepalived holding the VIP for HAProxy. Configuration comes only from the templates of the
 * change under test; a change to an OpenStack project puts its source tree ahead of Debian's package.
 * <p>
 * What each service needs and how it is deployed is its component's ({@link Component}); this class renders
 * the templates of the services each node runs, then deploys each component once those it depends on are
 * ready, components independent of each other side by side ({@link SideBySide}).
 * <p>
 * Whose failure is whose: a step that runs the change's services or reads their configuration (a service
 * that does not start, a configuration a service rejects, a cluster that does not form, Keystone's own
 * commands) fails with a {@link DeploymentException}, the change's (-1). A step that does not depend on the
 * change (writing a file, making a directory, copying keys, unpacking a tree, starting a program) fails with
 * a {@link LabException}, the lab's (no vote).
 */
public final class DebianDeployer implements Deployer {

    private static final Duration RESET_TIMEOUT = Duration.ofMinutes(2);
    /**
     * The whole deployment, a bound above the sum of its steps' own timeouts along its longest chain (Galera's
     * bootstrap and joins, the VIP, Keystone's setup and serving, the router): reached only by a step that
     * never ends, which is then the lab's error.
     */
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(15);

    /** Each change's tree on the runner, by project. */
    private final Map<Change.Project, Path> changeTrees;
    /**
     * One set for every deployment of this deployer: a deployment again (or on a fresh lab) keeps the accounts
     * a lab's snapshot of the first one holds, so reverting to that snapshot stays consistent with the cloud.
     */
    private final Secrets secrets = Secrets.generate();
    /** What runs where, for resets and reboots: node, then program name, then its service and command. */
    private final Map<String, Map<String, Cloud.Started>> started = new ConcurrentHashMap<>();

    /** Deploys Debian's packages as they are. */
    public DebianDeployer() {
        this(Map.of());
    }

    /**
     * @param changeTrees the changes' trees, by project ({@link Change.Project}): the component that takes a
     *                    project puts its tree ahead of Debian's package
     */
    public DebianDeployer(Map<Change.Project, Path> changeTrees) {
        this.changeTrees = Map.copyOf(changeTrees);
    }

    @Override
    public Cloud deploy(Lab lab, Consumer<String> progress) {
        try {
            return deployServices(lab, progress);
        } catch (NodeCommandException e) {
            // Every step whose failure is the change's says so with a DeploymentException; any other command
            // that failed on a node that answered was one of the deployer's own (a file, a directory, a start).
            throw new LabException("a deployment step that does not depend on the change failed " + e.getMessage(), e);
        }
    }

    @Override
    public String reset(Cloud cloud) {
        List<String> restarted = cloud.restartStopped();
        String whole = cloud.awaitWhole(RESET_TIMEOUT, Duration.ZERO);
        String after = cloud.awaitAfterReset(RESET_TIMEOUT);
        return (restarted.isEmpty() ? "" : "restarted " + restarted + "; ") + "whole: " + whole + (after.isEmpty() ? "" : "; " + after);
    }

    @Override
    public Cloud redeploy(Lab lab, Consumer<String> progress) {
        progress.accept("stopping every service the last deployment started, wiping what a deployment must find empty");
        try {
            undeploy(lab);
        } catch (NodeCommandException e) {
            throw new LabException("cannot remove the last deployment " + e.getMessage(), e);
        }
        return deploy(lab, progress);
    }

    /** The components of {@code topology}'s services, in deployment order. */
    static Map<Service, Component> componentsOf(Topology topology) {
        Map<Service, Component> present = new LinkedHashMap<>();
        Components.all().forEach((service, component) -> {
            if (!topology.nodesRunning(service).isEmpty()) {
                present.put(service, component);
            }
        });
        return present;
    }

    /**
     * Stops what the last deployment started, every node at once, then lets each component wipe what the next
     * deployment must find empty (RabbitMQ's database, the router's namespaces and what the L3 agent spawned,
     * Open vSwitch's database, the VIP wherever a killed keepalived left it). Galera's datadir and the change's
     * tree the deployment itself replaces.
     */
    private void undeploy(Lab lab) {
        lab.topology().nodes().parallelStream().forEach(node ->
                started.getOrDefault(node.name(), Map.of()).keySet().forEach(name -> lab.services(node.name()).stop(name)));
        componentsOf(lab.topology()).values().forEach(component -> component.reset(lab));
        started.clear();
    }

    private Cloud deployServices(Lab lab, Consumer<String> progress) {
        Topology topology = lab.topology();
        Map<Service, Component> components = componentsOf(topology);
        checkPrograms(lab, components);
        progress.accept("rendering templates from " + topology.templates());
        Templates templates = new Templates(topology, secrets);
        Map<String, Map<String, String>> rendered = Collections.synchronizedMap(new LinkedHashMap<>());
        for (NodeSpec node : topology.nodes()) {
            for (Service service : topology.servicesOf(node)) {
                for (Component.ConfigFile file : components.get(service).configFiles()) {
                    lab.shell(node.name()).write(file.path(), templates.render(file.template(), node, service), file.mode());
                    rendered.computeIfAbsent(node.name(), n -> new LinkedHashMap<>())
                            .put(file.path(), templates.renderMasked(file.template(), node, service));
                }
            }
        }
        Deployment deployment = new Deployment(lab, templates, secrets, components, changeTrees, rendered, started, progress);
        // Each service once those it depends on are ready; those independent of each other side by side, as
        // RabbitMQ forms its cluster while Galera's nodes join.
        SideBySide.run(components, component -> component.deploy(deployment), DEPLOY_TIMEOUT);
        return new Cloud(lab, topology.vip(), Cloud.Database.of(GaleraComponent.PROBE_ACCOUNT, secrets),
                new Cloud.Messaging(RabbitMqComponent.PROBE_ACCOUNT.user(), secrets.get(RabbitMqComponent.PROBE_ACCOUNT.secret())),
                new GaleraCluster(lab), new RabbitCluster(lab), new Keystone(lab, KeystoneComponent.adminPassword(secrets)),
                rendered, started, components);
    }

    /** Every node has the programs of every service it runs, besides the service control's own. */
    private static void checkPrograms(Lab lab, Map<Service, Component> components) {
        for (NodeSpec node : lab.topology().nodes()) {
            List<String> programs = new ArrayList<>(List.of("/sbin/start-stop-daemon"));
            lab.topology().servicesOf(node).forEach(s -> programs.addAll(components.get(s).programs()));
            String missing = lab.shell(node.name()).run(ShellWords.script(
                    "missing=''; for p in \"$@\"; do [ -e \"$p\" ] || missing=\"$missing $p\"; done; echo $missing",
                    programs.toArray(String[]::new))).trim();
            if (!missing.isEmpty()) {
                throw new LabException("node " + node.name() + " lacks " + missing
                        + "; install the lab's packages (`./hagate setup`)");
            }
        }
    }
}
