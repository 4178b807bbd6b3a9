package dev.hagate.deploy;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import dev.hagate.deploy.component.Components;
import dev.hagate.topology.Service;
import dev.hagate.topology.Subnet;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment templates of the change under test ({@code lab-topology/templates}), rendered per node with
 * Mustache. What a template may use: {@code node.name}, {@code node.address}, {@code node.index} (1-based),
 * {@code node.priority} (VRRP: the first node highest), {@code vip}, {@code prefix}, for each service a list
 * of the nodes running it ({@code galera_nodes}, {@code rabbitmq_nodes}, {@code memcached_nodes},
 * {@code keystone_nodes}, ...) and the list {@code peers} (the other nodes running the same service), each entry
 * with {@code name} and {@code address}; inside a list {@code -first} and {@code -last} are true at its ends.
 * {@code http_frontends} lists the HTTP APIs HAProxy serves on the VIP, those the components of the services
 * some node runs declare ({@code Component#frontends}), each with {@code name}, {@code port}, {@code check} (the
 * path its health check GETs) and {@code nodes} (the nodes serving it).
 * {@code secrets.*} are the lab's generated passwords ({@link Secrets}); they reach the nodes only, the reports
 * get the same files with every secret masked. A variable a template names but this context lacks is an error,
 * never an empty string.
 */
public final class Templates {

    /** What the reports show in place of a secret. */
    public static final String MASK = "********";

    private final Path dir;
    private final Topology topology;
    private final Secrets secrets;
    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).strictSections(true);

    public Templates(Topology topology, Secrets secrets) {
        this.dir = topology.templates();
        this.topology = topology;
        this.secrets = secrets;
    }

    /**
     * Renders {@code template} for {@code node}.
     *
     * @throws DeploymentException when the template is missing or broken (the change's fault)
     */
    public String render(String template, NodeSpec node, Service service) {
        return render(template, node, service, secrets.asTemplateVariables());
    }

    /** The same file as {@link #render}, with every secret masked: what the reports keep. */
    public String renderMasked(String template, NodeSpec node, Service service) {
        Map<String, String> masked = new LinkedHashMap<>();
        secrets.asTemplateVariables().keySet().forEach(k -> masked.put(k, MASK));
        return render(template, node, service, masked);
    }

    private String render(String template, NodeSpec node, Service service, Map<String, String> secretValues) {
        Path file = dir.resolve(template);
        try {
            Map<String, Object> context = context(node, service);
            context.put("secrets", secretValues);
            return compiler.compile(Files.readString(file)).execute(context);
        } catch (NoSuchFileException e) {
            throw new DeploymentException("template " + file + " is missing");
        } catch (IOException e) {
            throw new DeploymentException("cannot read template " + file + ": " + e.getMessage(), e);
        } catch (MustacheException e) {
            throw new DeploymentException("template " + file + " cannot be rendered for " + node.name() + ": " + e.getMessage(), e);
        }
    }

    Map<String, Object> context(NodeSpec node, Service service) {
        List<NodeSpec> sameService = topology.nodesRunning(service);
        int index = topology.nodes().indexOf(node) + 1;
        Map<String, Object> nodeVars = new LinkedHashMap<>();
        nodeVars.put("name", node.name());
        nodeVars.put("address", node.address());
        nodeVars.put("index", index);
        nodeVars.put("priority", 200 - 10 * index);

        List<Map<String, Object>> peers = new ArrayList<>();
        sameService.stream().filter(n -> !n.equals(node)).forEach(n -> peers.add(entry(n)));

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("node", nodeVars);
        context.put("vip", topology.vip());
        context.put("prefix", Subnet.parse(topology.lab().subnet()).prefix());
        List<Map<String, Object>> frontends = new ArrayList<>();
        Components.all().forEach((each, component) -> {
            List<Map<String, Object>> running = topology.nodesRunning(each).stream().map(Templates::entry).toList();
            context.put(each.id() + "_nodes", running);
            if (!running.isEmpty()) {
                component.frontends().forEach(f -> frontends.add(Map.of("name", f.name(), "port", f.port(),
                        "check", f.checkPath(), "nodes", running)));
            }
        });
        context.put("http_frontends", frontends);
        context.put("peers", peers);
        return context;
    }

    private static Map<String, Object> entry(NodeSpec n) {
        return Map.of("name", n.name(), "address", n.address());
    }
}
