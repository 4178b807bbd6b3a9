package dev.hagate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import dev.hagate.deploy.component.Component;
import dev.hagate.deploy.component.Components;
import dev.hagate.deploy.component.Deployment;
import dev.hagate.lab.Lab;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.ServiceControl;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.topology.TopologyLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloudTest {

    private static final Topology EMBEDDED = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));

    private final List<String> log = new ArrayList<>();
    private final Set<String> running = new HashSet<>();

    /** A lab whose services only say what is done to them; nothing reaches a node. */
    private final Lab lab = new Lab() {
        @Override
        public Topology topology() {
            return EMBEDDED;
        }

        @Override
        public NodeShell shell(String node) {
            throw new AssertionError("no node is reached");
        }

        @Override
        public ServiceControl services(String node) {
            return new ServiceControl() {
                @Override
                public void start(String name, List<String> argv) {
                    log.add("start " + node + "/" + name + " " + argv);
                }

                @Override
                public boolean kill(String name) {
                    return false;
                }

                @Override
                public void stop(String name) {
                }

                @Override
                public boolean isRunning(String name) {
                    return running.contains(node + "/" + name);
                }

                @Override
                public void enableAtBoot(String name, List<String> argv) {
                }
            };
        }

        @Override
        public void close() {
        }
    };

    /** A component that says what is asked of it. */
    private final class Recording implements Component {
        private final Service service;

        Recording(String id) {
            this.service = new Service(id);
        }

        @Override
        public Service service() {
            return service;
        }

        @Override
        public void deploy(Deployment deployment) {
        }

        @Override
        public void restart(Lab lab, NodeSpec node, String name, List<String> argv) {
            log.add(service + " restarts " + node.name() + "/" + name);
        }

        @Override
        public Optional<String> awaitWhole(Cloud cloud, Duration timeout, Duration steadyFor) {
            return service.id().equals("quiet") ? Optional.empty() : Optional.of(service + " whole");
        }
    }

    private Cloud cloud(Map<String, Map<String, Cloud.Started>> services, Component... components) {
        return new Cloud(lab, EMBEDDED.vip(), null, null, null, null, null, Map.of(), services,
                Components.inOrder(List.of(components)));
    }

    @Test
    void onlyWhatIsStoppedIsStartedAgainEachByItsOwnComponent() {
        Map<String, Map<String, Cloud.Started>> services = new LinkedHashMap<>();
        services.put("ctl1", new LinkedHashMap<>(Map.of("mariadb", new Cloud.Started(new Service("galera"), List.of("mariadbd")))));
        services.put("ctl2", new LinkedHashMap<>(Map.of("memcached", new Cloud.Started(new Service("memcached"), List.of("memcached")))));
        running.add("ctl2/memcached");
        List<String> restarted = cloud(services, new Recording("galera"), new Recording("memcached")).restartStopped();
        assertThat(restarted).containsExactly("ctl1/mariadb");
        assertThat(log).containsExactly("galera restarts ctl1/mariadb");
    }

    @Test
    void theCloudIsWholeWhenEachComponentIsInTurn() {
        Cloud cloud = cloud(Map.of(), new Recording("rabbitmq"), new Recording("quiet"), new Recording("galera"));
        assertThat(cloud.awaitWhole(Duration.ofSeconds(1))).isEqualTo("galera whole; rabbitmq whole");
        assertThat(cloud.awaitAfterReset(Duration.ofSeconds(1))).isEmpty();
    }
}
