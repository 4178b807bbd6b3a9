package dev.hagate.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hagate.TestFiles;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import dev.hagate.yaml.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    private static final Path REPO = TestFiles.repository();
    private static final Topology EMBEDDED = TopologyLoader.load(REPO.resolve("lab-topology/embedded.yaml"));

    @TempDir
    Path dir;

    private static final String VALID = """
            name: kill-it
            fault:
              kind: kill-galera-node
              target: writer
            hold: 15s
            probes:
              - kind: sql-writer
                rate: 20
            checks:
              - kind: max-outage
                probe: sql-writer
                limit: 10s
              - kind: lost-writes
                probe: sql-writer
                limit: 0
              - kind: recovery-time
                limit: 90s
            """;

    private ScenarioLoader loader() {
        return new ScenarioLoader(REPO.resolve("scenarios"), EMBEDDED);
    }

    private BadInputException rejected(String yaml) {
        Path file = TestFiles.write(dir, "s.yaml", yaml);
        return catchThrowableOfType(BadInputException.class, () -> loader().load(file));
    }

    @Test
    void theGatePlanLoadsWithItsScenarios() {
        Plan gate = loader().loadPlan("gate");
        assertThat(gate.scenarios()).extracting(Scenario::name).containsExactly("kill-galera-node", "cut-rabbitmq-node", "cut-rabbitmq-node-short",
                "galera-multi-writer", "drop-l3-agent");
        Scenario kill = gate.scenarios().get(0);
        assertThat(kill.hold()).isEqualTo(Duration.ofSeconds(15));
        assertThat(kill.checks()).extracting(Scenario.CheckSpec::kind).containsExactly("max-outage", "failure-rate", "warmup-latency",
                "cooldown-latency", "lost-writes", "max-outage", "failure-rate", "warmup-latency", "cooldown-latency", "recovery-time",
                "healthy-after");
    }

    /** A probe that only samples state (gateway-holders) has no outage, failures or latency to limit. */
    @Test
    void everyScenarioOfTheGatePlanLimitsEachProbesFailureRateAndLatency() {
        for (Scenario s : loader().loadPlan("gate").scenarios()) {
            for (Scenario.ProbeSpec probe : s.probes().stream().filter(p -> Catalog.OPERATION_PROBES.contains(p.kind())).toList()) {
                assertThat(s.checks()).as(s.name() + ", " + probe.kind()).filteredOn(c -> probe.kind().equals(c.probe()))
                        .extracting(Scenario.CheckSpec::kind).contains("max-outage", "failure-rate", "warmup-latency", "cooldown-latency");
            }
        }
    }

    @Test
    void aFailureRateTakesAShareAndAllowsTheOutageOfItsProbe() {
        Scenario s = loader().load(TestFiles.write(dir, "s.yaml", VALID + """
                  - kind: failure-rate
                    probe: sql-writer
                    limit: 2.5%
                  - kind: cooldown-latency
                    probe: sql-writer
                    limit: 200ms
                """));
        assertThat(Catalog.check(s.checks().get(3), s).name()).isEqualTo("failure-rate(sql-writer)");
        assertThat(Catalog.check(s.checks().get(4), s).name()).isEqualTo("cooldown-latency(sql-writer)");
    }

    @Test
    void aFailureRateOutsideNoneToAllIsRejected() {
        for (String limit : new String[] {"101%", "5", "'-1%'", "5 %", "0.0001%"}) {
            BadInputException e = rejected(VALID + """
                      - kind: failure-rate
                        probe: sql-writer
                        limit: %s
                    """.formatted(limit));
            assertThat(e.problems()).as(limit).singleElement().asString()
                    .contains("checks[3].limit: expected a share of operations from 0% to 100%, such as 5% or 0.5%");
        }
    }

    @Test
    void aShareOfFailuresAndALatencyAreOnlyForProbesThatMakeRequests() {
        BadInputException e = rejected(VALID.replace("probes:\n  - kind: sql-writer\n    rate: 20",
                "probes:\n  - kind: sql-writer\n    rate: 20\n  - kind: gateway-holders") + """
                  - kind: warmup-latency
                    probe: gateway-holders
                    limit: 1s
                """);
        assertThat(e.problems()).singleElement().asString()
                .contains("checks[3].probe: check 'warmup-latency' reads the history of sql-writer or amqp or keystone-token");
    }

    @Test
    void phasesDefaultWhenLeftOut() {
        Scenario s = loader().load(TestFiles.write(dir, "s.yaml", VALID));
        assertThat(s.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.cooldown()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aDurationInWordsIsRejectedWithTheExpectedForm() {
        BadInputException e = rejected(VALID.replace("hold: 15s", "hold: 15 seconds"));
        assertThat(e.problems()).singleElement().asString()
                .contains("s.yaml:5:1: hold: expected a duration such as 500ms, 15s or 2m, got '15 seconds'");
    }

    @Test
    void aBareNumberIsNotADuration() {
        BadInputException e = rejected(VALID.replace("hold: 15s", "hold: 15"));
        assertThat(e.problems()).singleElement().asString().contains("hold: expected a duration");
    }

    @Test
    void checkLimitsMustFitTheirKind() {
        BadInputException e = rejected(VALID.replace("limit: 0", "limit: none").replace("limit: 10s", "limit: 10"));
        assertThat(e.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("checks[0].limit: expected a duration such as 500ms, 15s or 2m; got '10'"))
                .anySatisfy(p -> assertThat(p).contains("checks[1].limit: expected a whole number, 0 or more; got 'none'"));
    }

    @Test
    void aCheckMustReadAProbeItUnderstands() {
        BadInputException e = rejected(VALID.replace("kind: lost-writes", "kind: deadlocks"));
        assertThat(e.problems())
                .containsExactly(e.problems().get(0))
                .anySatisfy(p -> assertThat(p).contains("checks[1].probe: check 'deadlocks' reads the history of sql-contention; got 'sql-writer'"));
    }

    @Test
    void aProbeNeedsAServiceTheTopologyRuns(@TempDir Path dir) throws Exception {
        Path topology = TestFiles.write(dir, "db-only.yaml", """
                name: db-only
                lab: {kind: netns, subnet: 10.77.0.0/24}
                vip: 10.77.0.10
                templates: %s
                nodes:
                  - {name: ctl1, address: 10.77.0.11, roles: [controller]}
                  - {name: ctl2, address: 10.77.0.12, roles: [controller]}
                  - {name: ctl3, address: 10.77.0.13, roles: [controller]}
                roles:
                  controller: {services: [galera, haproxy, keepalived]}
                """.formatted(REPO.resolve("lab-topology/templates")));
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> new ScenarioLoader(REPO.resolve("scenarios"),
                TopologyLoader.load(topology)).load("cut-rabbitmq-node"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .contains("cut-rabbitmq-node.yaml:15:5: probes[0].kind: probe 'amqp' uses rabbitmq, which no node of topology 'db-only' runs"));
    }

    @Test
    void unknownKindsListTheKnownOnes() {
        BadInputException e = rejected(VALID.replace("kind: kill-galera-node", "kind: kill-everything")
                .replace("kind: max-outage", "kind: max-downtime"));
        assertThat(e.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("s.yaml:3:3: fault.kind: unknown fault 'kill-everything'; expected one of: kill-galera-node, power-off, partition, none"))
                .anySatisfy(p -> assertThat(p).contains("checks[0].kind: unknown check 'max-downtime'; expected one of: max-outage, lost-writes, lost-messages, duplicates, deadlocks, recovery-time, healthy-after"));
    }

    @Test
    void aChecksProbeMustBeOneOfTheScenarios() {
        BadInputException e = rejected(VALID.replace("probe: sql-writer\n    limit: 10s", "probe: amqp\n    limit: 10s"));
        assertThat(e.problems()).singleElement().asString().contains("checks[0].probe: expected a probe of this scenario [sql-writer]; got 'amqp'");
    }

    @Test
    void theFaultTargetMustBeANodeOfTheTopology() {
        BadInputException e = rejected(VALID.replace("target: writer", "target: ctl9"));
        assertThat(e.problems()).singleElement().asString()
                .contains("fault.target: expected 'writer', 'vip-holder' or a node of topology 'embedded' (ctl1, ctl2, ctl3, net1, net2, cmp1); got 'ctl9'");
    }

    @Test
    void theRouterScenarioTargetsTheMasterAndReadsTheGatewaySamples() {
        Scenario drop = loader().load("drop-l3-agent");
        assertThat(drop.fault().target()).isEqualTo("master");
        assertThat(drop.checks()).extracting(Scenario.CheckSpec::kind)
                .containsExactly("max-outage", "failure-rate", "warmup-latency", "cooldown-latency", "duplicate-gateway", "gateway-moves",
                        "recovery-time", "healthy-after");
        assertThat(Catalog.check(drop.checks().get(4), drop).name()).isEqualTo("duplicate-gateway(gateway-holders)");
    }

    @Test
    void theHostStaysUpVariantOfTheRouterFaultLoadsToo() {
        Path file = TestFiles.write(dir, "s.yaml", VALID.replace("kind: kill-galera-node", "kind: kill-router-processes")
                .replace("target: writer", "target: net2"));
        assertThat(loader().load(file).fault().kind()).isEqualTo("kill-router-processes");
    }

    @Test
    void aRouterFaultTakesMasterNotWriterAndNeedsRouterNodes() throws Exception {
        String router = VALID.replace("kill-galera-node", "drop-l3-agent");
        BadInputException e = rejected(router);
        assertThat(e.problems()).singleElement().asString()
                .contains("s.yaml:4:3: fault.target: expected 'master' or a node of topology 'embedded'");

        java.nio.file.Files.createDirectories(dir.resolve("templates"));
        Topology noRouter = TopologyLoader.load(TestFiles.write(dir, "t.yaml", """
                name: small
                lab: {kind: netns, subnet: 10.77.0.0/24}
                vip: 10.77.0.10
                nodes:
                  - {name: a, address: 10.77.0.11, roles: [c]}
                  - {name: b, address: 10.77.0.12, roles: [c]}
                  - {name: d, address: 10.77.0.13, roles: [c]}
                roles:
                  c: {services: [galera]}
                """));
        Path file = TestFiles.write(dir, "s.yaml", router.replace("target: writer", "target: master"));
        BadInputException noNodes = catchThrowableOfType(BadInputException.class,
                () -> new ScenarioLoader(REPO.resolve("scenarios"), noRouter).load(file));
        assertThat(noNodes.problems()).singleElement().asString()
                .contains("s.yaml:3:3: fault.kind: fault 'drop-l3-agent' needs nodes running neutron-l3-agent, and topology 'small' has none");
        // A power-off may hit the router master, on a topology with routers only.
        Path powerOff = TestFiles.write(dir, "p.yaml", VALID.replace("kill-galera-node", "power-off").replace("target: writer", "target: master"));
        assertThat(loader().load(powerOff).fault().target()).isEqualTo("master");
        BadInputException noMaster = catchThrowableOfType(BadInputException.class,
                () -> new ScenarioLoader(REPO.resolve("scenarios"), noRouter).load(powerOff));
        assertThat(noMaster.problems()).singleElement().asString().contains("p.yaml:4:3: fault.target: target 'master' is whichever"
                + " router node is master, chosen among the nodes running neutron-l3-agent, and topology 'small' has none");
    }

    @Test
    void aFaultWithoutItsKindIsReportedNotACrash() {
        for (String fault : List.of("fault: {}", "fault: {target: ctl1}", "fault: {target: ctl1, port: 80}")) {
            BadInputException e = rejected(VALID.replace("fault:\n  kind: kill-galera-node\n  target: writer", fault));
            assertThat(e.problems()).as(fault).singleElement().asString()
                    .contains("s.yaml:2:1: fault.kind: missing; expected one of: kill-galera-node, power-off, partition, none");
        }
    }

    @Test
    void limitsAndDurationsThatOverflowAreRejected() {
        for (String overflowing : List.of("99999999999999999999s", "9999999999999999h", "9999999999999999s")) {
            BadInputException e = rejected(VALID.replace("limit: 10s", "limit: " + overflowing).replace("hold: 15s", "hold: " + overflowing));
            assertThat(e.problems()).as(overflowing).containsExactly(
                    dir.resolve("s.yaml") + ":5:1: hold: expected a duration of at most 24h, got '" + overflowing + "'");
            e = rejected(VALID.replace("limit: 10s", "limit: " + overflowing));
            assertThat(e.problems()).as(overflowing).singleElement().asString()
                    .endsWith("checks[0].limit: expected a duration of at most 24h; got '" + overflowing + "'");
        }
        BadInputException count = rejected(VALID.replace("limit: 0", "limit: 99999999999999999999"));
        assertThat(count.problems()).singleElement().asString()
                .endsWith("checks[1].limit: expected a whole number, 0 or more; got '99999999999999999999'");
    }

    @Test
    void aFaultsTargetMustRunTheServiceItBreaks() {
        BadInputException galera = rejected(VALID.replace("target: writer", "target: net1"));
        assertThat(galera.problems()).singleElement().asString().contains("s.yaml:4:3: fault.target: node 'net1' does not run"
                + " galera; fault 'kill-galera-node' needs one that does: ctl1, ctl2, ctl3");
        BadInputException router = rejected(VALID.replace("kill-galera-node", "drop-l3-agent").replace("target: writer", "target: ctl1"));
        assertThat(router.problems()).singleElement().asString().contains("s.yaml:4:3: fault.target: node 'ctl1' does not run"
                + " neutron-l3-agent; fault 'drop-l3-agent' needs one that does: net1, net2");
        assertThat(loader().load(TestFiles.write(dir, "ok.yaml", VALID.replace("kill-galera-node", "power-off")
                .replace("target: writer", "target: net1"))).fault().target()).as("power-off hits any node").isEqualTo("net1");
    }

    @Test
    void anOutageIsOnlyMeasuredOnAProbeThatRepeatsAnOperation() {
        BadInputException e = rejected("""
                name: gateway
                fault: {kind: drop-l3-agent}
                hold: 10s
                probes: [{kind: gateway-holders}]
                checks: [{kind: max-outage, probe: gateway-holders, limit: 5s}]
                """);
        assertThat(e.problems()).singleElement().asString().contains("s.yaml:5:29: checks[0].probe: check 'max-outage' reads"
                + " the history of sql-writer or amqp or keystone-token or sql-contention or router-ping or neutron-api; got 'gateway-holders'");
    }

    @Test
    void aRateMustBeFromOneTenthToAThousandPerSecond() {
        for (String rate : List.of("0.05", "0", "-1", "1001", "1e9")) {
            BadInputException e = rejected(VALID.replace("rate: 20", "rate: " + rate));
            assertThat(e.problems()).as(rate).singleElement().asString()
                    .contains("s.yaml:8:5: probes[0].rate: expected operations per second from 0.1 to 1000; got ");
        }
        for (String rate : List.of("0.1", "1000")) {
            assertThat(loader().load(TestFiles.write(dir, "ok.yaml", VALID.replace("rate: 20", "rate: " + rate))).probes())
                    .as(rate).singleElement().extracting(Scenario.ProbeSpec::rate).isEqualTo(Double.parseDouble(rate));
        }
    }

    @Test
    void unknownFieldsAreErrorsNotIgnored() {
        BadInputException e = rejected(VALID + "retries: 3\n");
        assertThat(e.problems()).singleElement().asString().contains("retries: unknown field 'retries'");
    }

    @Test
    void aScenarioWithoutChecksCannotPass() {
        BadInputException e = rejected(VALID.substring(0, VALID.indexOf("checks:")));
        assertThat(e.problems()).singleElement().asString().contains("checks: missing; expected a list of SLA checks");
    }

    @Test
    void anUnknownScenarioNameListsTheAvailableOnes() {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> loader().load("kill-nova"));
        assertThat(e).hasMessageContaining("no scenario 'kill-nova'").hasMessageContaining("kill-galera-node");
    }

    @Test
    void aPlanNamingAMissingScenarioPointsAtTheEntry() {
        Path plan = TestFiles.write(dir, "p.yaml", """
                plan: nightly
                scenarios:
                  - kill-galera-node
                  - kill-nova
                """);
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> loader().loadPlan(plan.toString()));
        assertThat(e.problems()).singleElement().asString().contains("p.yaml:4:5: scenarios[1]: no scenario 'kill-nova'");
    }
}
