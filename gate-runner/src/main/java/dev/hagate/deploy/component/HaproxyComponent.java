package dev.hagate.deploy.component;

import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Service;
import java.util.List;
import java.util.Set;

/**
 * HAProxy on every node running {@code haproxy}, in front of Galera (one writer, the others backups, checked
 * through each node's clustercheck) and of every HTTP API the components declare ({@link Component#frontends}).
 */
public final class HaproxyComponent implements Component {

    static final String CONFIG = "/etc/haproxy/haproxy.cfg";

    @Override
    public Service service() {
        return Service.HAPROXY;
    }

    /** Its checks of Galera need the clustercheck endpoints, which come with Galera's nodes. */
    @Override
    public Set<Service> dependsOn() {
        return Set.of(Service.GALERA);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/sbin/haproxy");
    }

    @Override
    public List<String> packages() {
        return List.of("haproxy");
    }

    @Override
    public List<ConfigFile> configFiles() {
        return List.of(new ConfigFile("haproxy.cfg", CONFIG, "0644"));
    }

    @Override
    public void deploy(Deployment deployment) {
        deployment.startEverywhere(service(), "haproxy", node -> {
            deployment.changeStep(node, ShellWords.command("haproxy", "-c", "-q", "-f", CONFIG), null, "HAProxy rejects its configuration");
            return List.of("/usr/sbin/haproxy", "-db", "-f", CONFIG);
        });
    }
}
