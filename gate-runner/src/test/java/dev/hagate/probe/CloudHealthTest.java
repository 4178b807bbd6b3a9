package dev.hagate.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.component.Component;
import dev.hagate.deploy.component.Components;
import dev.hagate.deploy.component.Deployment;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.Result;
import dev.hagate.topology.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudHealthTest {

    /** A component whose examinations give what they are told to. */
    private record Examined(Service service, List<Examination> checks) implements Component {
        @Override
        public void deploy(Deployment deployment) {
        }

        @Override
        public List<Examination> examinations(Cloud cloud) {
            return checks;
        }
    }

    @Test
    void eachComponentsExaminationsAreRecordedInDeploymentOrder() {
        Component galera = new Examined(Service.GALERA, List.of(new Component.Examination("galera", () -> "every node Synced")));
        Component rabbit = new Examined(Service.RABBITMQ, List.of(new Component.Examination("rabbitmq", () -> {
            throw new DeploymentException("ctl2 sees 2 running");
        })));
        Cloud cloud = new Cloud(null, "10.77.0.100", null, null, null, null, null, Map.of(), Map.of(),
                Components.inOrder(List.of(rabbit, galera)));
        History history = History.inMemory("scenario", new ArrayList<>());

        new CloudHealth(cloud, Path.of("unused")).examine(history);

        assertThat(history.operations()).extracting(Operation::op).containsOnly(CloudHealth.OPERATION);
        assertThat(history.operations()).extracting(Operation::result, Operation::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Result.OK, "galera: every node Synced"),
                org.assertj.core.groups.Tuple.tuple(Result.FAIL, "rabbitmq: ctl2 sees 2 running"));
    }
}
