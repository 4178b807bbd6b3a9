package dev.hagate.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hagate.TestFiles;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import dev.hagate.yaml.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The power-off and partition faults as scenario files name them. */
class FaultScenariosTest {

    private static final Path REPO = TestFiles.repository();
    private static final Topology EMBEDDED = TopologyLoader.load(REPO.resolve("lab-topology/embedded.yaml"));

    @TempDir
    Path dir;

    private static final String PARTITION = """
            name: cut-it
            fault: {kind: partition, target: ctl2, port: 5672}
            hold: 10s
            probes: [{kind: sql-writer}]
            checks: [{kind: recovery-time, limit: 1m}]
            """;

    private ScenarioLoader loader() {
        return new ScenarioLoader(REPO.resolve("scenarios"), EMBEDDED);
    }

    private BadInputException rejected(String yaml) {
        Path file = TestFiles.write(dir, "s.yaml", yaml);
        return catchThrowableOfType(BadInputException.class, () -> loader().load(file));
    }

    @Test
    void powerOffControllerTargetsTheVipHolder() {
        Scenario s = loader().load("power-off-controller");
        assertThat(s.fault()).isEqualTo(new Scenario.FaultSpec("power-off", "vip-holder", null));
        assertThat(s.hold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.checks()).extracting(Scenario.CheckSpec::kind).containsExactly("max-outage", "lost-writes", "max-outage",
                "lost-messages", "max-outage", "recovery-time", "healthy-after");
        assertThat(s.probes()).extracting(Scenario.ProbeSpec::kind).containsExactly("sql-writer", "amqp", "keystone-token");
    }

    @Test
    void aPartitionNamesItsNodeAndOptionallyOnePort() {
        Scenario s = loader().load(TestFiles.write(dir, "s.yaml", PARTITION));
        assertThat(s.fault()).isEqualTo(new Scenario.FaultSpec("partition", "ctl2", 5672));
        assertThat(loader().load("partition-writer").fault()).isEqualTo(new Scenario.FaultSpec("partition", "writer", null));
    }

    @Test
    void aPortOutOfRangeOrOnAFaultWithoutPortsIsRejectedAtItsLine() {
        assertThat(rejected(PARTITION.replace("port: 5672", "port: 70000")).problems()).singleElement().asString()
                .contains("s.yaml:2:40: fault.port: expected a port from 1 to 65535; got 70000");
        assertThat(rejected(PARTITION.replace("kind: partition", "kind: power-off")).problems()).singleElement().asString()
                .contains("fault.port: fault 'power-off' takes no port; only partition does");
    }

    @Test
    void anUnknownTargetListsTheRolesAndNodes() {
        assertThat(rejected(PARTITION.replace("target: ctl2", "target: master")).problems()).singleElement().asString()
                .contains("fault.target: expected 'writer', 'vip-holder' or a node of topology 'embedded' (ctl1, ctl2, ctl3, net1, net2, cmp1); got 'master'");
    }

    @Test
    void theFaultKindsAreListedWhenOneIsUnknown() {
        assertThat(rejected(PARTITION.replace("kind: partition", "kind: unplug")).problems()).singleElement().asString()
                .contains("unknown fault 'unplug'; expected one of: kill-galera-node, power-off, partition");
    }
}
