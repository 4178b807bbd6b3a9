package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HA router of Neutron 2025.1's own L3 agent ({@code lab-topology/neutron.yaml}): the router, its networks,
 * the client's port and floating IP made through Neutron's API, and drop-l3-agent against the real agent. The
 * repository's templates vote +1, and so does Neutron's packaged source given as a change; a Neutron whose L3
 * agent does not report its routers' transitions votes -1, and so does an HA template whose keepalived adverts
 * are 20 s apart, since the standby then waits a minute before it takes the gateway over.
 */
class NeutronLabIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Path TOPOLOGY = Hagate.HOME.resolve("lab-topology/neutron.yaml");
    private static Topology topology;

    @TempDir
    Path reports;

    @BeforeAll
    static void root() {
        Hagate.assumeRoot();
        topology = TopologyLoader.load(TOPOLOGY);
    }

    private JsonNode check(String name) throws Exception {
        return check("drop-l3-agent", name);
    }

    private JsonNode check(String scenario, String name) throws Exception {
        JsonNode summary = new ObjectMapper().readTree(reports.resolve("latest/summary.json").toFile());
        for (JsonNode s : summary.get("scenarios")) {
            for (JsonNode c : s.get("name").asText().equals(scenario) ? s.get("checks") : List.<JsonNode>of()) {
                if (c.get("name").asText().equals(name)) {
                    return c;
                }
            }
        }
        throw new AssertionError("no check " + name + " of " + scenario + " in " + summary);
    }

    /** drop-l3-agent, then stop-l3-agent on the same lab (a reset between them). */
    @Test
    void theStandbyAgentTakesTheGatewayOverAnAgentKilledAloneDisturbsNothingAndTheGateVotesPlusOne() throws Exception {
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", TOPOLOGY.toString(), "--scenario", "drop-l3-agent",
                "--scenario", Hagate.HOME.resolve("scenarios/neutron/stop-l3-agent.yaml").toString(), "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("through Neutron's API")
                .containsPattern("router [0-9a-f-]{36}; plugging port [0-9a-f-]{36} on ncmp1")
                .containsPattern("fault: SIGKILL keepalived and the L3 agent on nnet[12] \\(the router master\\)")
                .contains("verdict: PASS  vote: +1");
        // Recovered once Neutron's servers saw the router active on one agent and standby on the other.
        assertThat(Files.readString(reports.resolve("latest/summary.json")))
                .containsPattern("is the only master; in Neutron nnet1 (active|standby), nnet2 (active|standby)");
        assertThat(check("gateway-moves(gateway-holders)").get("value").asInt()).isEqualTo(1);
        // Echoes were lost while no router held the gateway: the probe saw the failover.
        assertThat(check("max-outage(router-ping)").get("value").asDouble()).isGreaterThan(0.5);
        // The agent alone killed: the router stayed where it was, and Neutron's API answered throughout.
        assertThat(run.output()).containsPattern("fault: SIGKILL neutron-l3-agent on nnet[12] \\(the router master\\)");
        assertThat(check("stop-l3-agent", "gateway-moves(gateway-holders)").get("value").asInt()).isZero();
        assertThat(check("stop-l3-agent", "failure-rate(neutron-api)").get("passed").asBoolean()).isTrue();
        Path logs = reports.resolve("latest/drop-l3-agent/logs");
        // The real agents ran, and their logs are in the report.
        assertThat(logs.resolve("nnet1/neutron-l3-agent.log")).exists();
        assertThat(logs.resolve("ncmp1/neutron-openvswitch-agent.log")).exists();
        assertLabRemoved();
    }

    @Test
    void theChangesNeutronRunsEverywhereAndItsBaseVotesPlusOne(@TempDir Path dir) throws Exception {
        NeutronRepository neutron = NeutronRepository.create(dir);
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", TOPOLOGY.toString(), "--scenario", "drop-l3-agent",
                "--change", "openstack/neutron=" + neutron.path() + "@" + neutron.base(), "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("neutron-server: putting the change's tree on nctl1, nctl2, nctl3")
                .contains("neutron-ovs-agent: putting the change's tree on nnet1, nnet2, ncmp1")
                .contains("neutron-l3-agent: putting the change's tree on nnet1, nnet2")
                .contains("verdict: PASS  vote: +1");
        assertLabRemoved();
    }

    @Test
    void anAgentThatDoesNotReportTheRoutersTransitionsVotesMinusOne(@TempDir Path dir) throws Exception {
        NeutronRepository neutron = NeutronRepository.create(dir);
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", TOPOLOGY.toString(), "--scenario", "drop-l3-agent",
                "--change", "neutron=" + neutron.path() + "@" + neutron.bad(), "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        // Neutron binds an HA router's gateway and interface ports to the host whose agent reports it active.
        // Seen: with no report both agents stay standby and those ports unbound (DOWN), so the master's Open
        // vSwitch agent never wires them and the client never answers: the deployment fails. Were the first
        // master reported through a later router update (the agent reconciles its state on each), the
        // failover would show it instead: the new master unreported, its ports bound to the dead node.
        assertThat(run.output()).containsPattern("deploy failed: router: the client \\S+ answering on the floating IP"
                        + "|FAILED: longest outage|active on nnet[12] \\(which holds the gateway\\), standby on the others of nnet1, nnet2: not within")
                .contains("verdict: FAIL  vote: -1");
        assertLabRemoved();
    }

    @Tag("full")
    @Test
    void advertsTwentySecondsApartLeaveTheGatewayWithoutARouterForAMinuteAndVoteMinusOne(@TempDir Path change) throws Exception {
        Path changed = changedTemplates(change, "neutron.conf", "ha_vrrp_advert_int = 1\n", "ha_vrrp_advert_int = 20\n");
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", changed.toString(), "--scenario", "drop-l3-agent",
                "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("verdict: FAIL  vote: -1");
        JsonNode outage = check("max-outage(router-ping)");
        assertThat(outage.get("passed").asBoolean()).isFalse();
        // Three adverts of 20 s and the skew before the standby takes over.
        assertThat(outage.get("value").asDouble()).isGreaterThan(30.0);
        assertLabRemoved();
    }

    /** The Neutron topology with its templates copied to {@code change}, {@code template} edited. */
    private static Path changedTemplates(Path change, String template, String from, String to) throws Exception {
        Path templates = change.resolve("templates");
        Files.createDirectories(templates);
        try (Stream<Path> files = Files.list(topology.templates())) {
            for (Path f : files.toList()) {
                Files.copy(f, templates.resolve(f.getFileName()));
            }
        }
        Path file = templates.resolve(template);
        String original = Files.readString(file);
        assertThat(original).as(file.toString()).contains(from);
        Files.writeString(file, original.replace(from, to));
        Path topologyFile = change.resolve("neutron.yaml");
        Files.writeString(topologyFile, Files.readString(TOPOLOGY).replaceAll("(?m)^templates:.*$", "templates: " + templates));
        return topologyFile;
    }

    /** Nothing of this lab is left: its namespaces, bridge, Neutron's and Open vSwitch's processes, its state. */
    private static void assertLabRemoved() throws Exception {
        var namespaces = Hagate.exec("ip netns list", "ip", "netns", "list").lines().map(l -> l.split(" ")[0]).toList();
        for (Topology.NodeSpec node : topology.nodes()) {
            assertThat(namespaces).as("namespaces").doesNotContain("hagate-" + node.name());
        }
        assertThat(Hagate.exec("ip link", "ip", "-o", "link", "show")).as("links").doesNotContain(" " + topology.lab().bridge() + ":");
        // Zombies of the lab's killed processes (state Z) are the reaper's for a moment longer: they hold nothing.
        String processes = Hagate.exec("ps", "ps", "-eo", "stat=,args=").lines().filter(l -> !l.trim().startsWith("Z"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(processes).as("Neutron's and Open vSwitch's processes")
                .doesNotContain("/ha_confs/").doesNotContain("privsep-helper").doesNotContain("neutron-").doesNotContain("ovs-vswitchd");
        String state = System.getenv("HAGATE_STATE_DIR");
        assertThat(Path.of(state == null || state.isBlank() ? "/var/tmp/hagate" : state)).doesNotExist();
    }
}
