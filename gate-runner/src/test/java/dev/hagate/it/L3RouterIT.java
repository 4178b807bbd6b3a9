package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagate.deploy.L3RouterPair;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-l3-agent scenario on a real lab: the HA router holds its SLAs with the repository's templates and
 * fails when its keepalived template lets a returning router take the gateway back. The topology is the
 * repository's default, or the file named by {@code HAGATE_IT_TOPOLOGY} (with its own nodes, bridge and
 * subnet, next to another lab on the same machine); the lab's state directory is {@code HAGATE_STATE_DIR}'s.
 */
class L3RouterIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(8);
    private static Path topologyFile;
    private static Topology topology;

    @TempDir
    Path reports;

    @BeforeAll
    static void rootAndTopology() {
        Hagate.assumeRoot();
        String chosen = System.getenv("HAGATE_IT_TOPOLOGY");
        topologyFile = chosen == null || chosen.isBlank() ? Hagate.HOME.resolve("lab-topology/embedded.yaml") : Path.of(chosen);
        topology = TopologyLoader.load(topologyFile);
    }

    private JsonNode summary() throws Exception {
        return new ObjectMapper().readTree(reports.resolve("latest/summary.json").toFile());
    }

    private static JsonNode check(JsonNode summary, String name) {
        for (JsonNode c : summary.get("scenarios").get(0).get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + summary);
    }

    @Test
    void theStandbyTakesTheGatewayOverOnceAndTheGateVotesPlusOne() throws Exception {
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", topologyFile.toString(), "--scenario", "drop-l3-agent",
                "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("fault: SIGKILL keepalived and the L3 agent on").contains("verdict: PASS  vote: +1");

        JsonNode summary = summary();
        assertThat(summary.get("scenarios").get(0).get("checks")).hasSize(4)
                .allSatisfy(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());
        assertThat(check(summary, "gateway-moves(gateway-holders)").get("value").asInt()).isEqualTo(1);
        // Some echoes were lost while no router held the gateway: the probe saw the failover.
        assertThat(check(summary, "max-outage(router-ping)").get("value").asDouble()).isGreaterThan(0.5);

        Path histories = reports.resolve("latest/drop-l3-agent");
        try (Stream<String> pings = Files.lines(histories.resolve("router-ping.jsonl"))) {
            assertThat(pings.filter(l -> l.contains("\"op\":\"ping\"")).count()).as("20 echoes a second for ~30 s").isGreaterThan(400);
        }
        assertThat(Files.readString(histories.resolve("router-ping.jsonl"))).contains("\"result\":\"fail\"");
        // The dead router's addresses stayed behind on its downed ports until the node came back.
        assertThat(Files.readString(histories.resolve("gateway-holders.jsonl"))).contains("stale (address on a port that is down)");
        assertLabRemoved();
    }

    /** Without nopreempt the router that comes back (the higher priority) takes the gateway back: a second move. */
    @Tag("full")
    @Test
    void aReturningRouterThatTakesTheGatewayBackIsVotedMinusOne(@TempDir Path change) throws Exception {
        Path changed = changedTemplate(change, conf -> conf.replace("  nopreempt\n", ""));
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", changed.toString(), "--scenario", "drop-l3-agent",
                "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("verdict: FAIL  vote: -1");
        JsonNode moves = check(summary(), "gateway-moves(gateway-holders)");
        assertThat(moves.get("passed").asBoolean()).isFalse();
        assertThat(moves.get("value").asInt()).isEqualTo(2);
        assertLabRemoved();
    }

    /**
     * The same processes killed on a host that stays up: nothing removes the dead router's addresses, so it
     * keeps answering for the gateway next to the new master (its kernel still forwards and NATs, so the
     * probe may see little), and only the duplicate-gateway check can tell.
     */
    @Tag("full")
    @Test
    void aDeadKeepalivedsAddressesThatKeepAnsweringAreCaughtAsADuplicateGateway(@TempDir Path scenarios) throws Exception {
        Path scenario = scenarios.resolve("kill-router-processes.yaml");
        Files.writeString(scenario, Files.readString(Hagate.HOME.resolve("scenarios/drop-l3-agent.yaml"))
                .replace("name: drop-l3-agent", "name: kill-router-processes")
                .replace("kind: drop-l3-agent", "kind: kill-router-processes").replace("hold: 15s", "hold: 10s"));
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", topologyFile.toString(), "--scenario", scenario.toString(),
                "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("the host staying up").contains("verdict: FAIL  vote: -1");
        JsonNode duplicate = check(summary(), "duplicate-gateway(gateway-holders)");
        assertThat(duplicate.get("passed").asBoolean()).isFalse();
        // From the standby's takeover (about 3 s after the kill) until recovery rebuilt the dead router.
        assertThat(duplicate.get("value").asDouble()).isGreaterThan(4.0);
        assertThat(duplicate.get("detail").asText()).contains("both answered for the gateway");
        assertLabRemoved();
    }

    /** The topology with its templates copied to {@code change}, the router's keepalived template edited. */
    private static Path changedTemplate(Path change, UnaryOperator<String> edit) throws Exception {
        Path templates = change.resolve("templates");
        Files.createDirectories(templates);
        try (Stream<Path> files = Files.list(topology.templates())) {
            for (Path f : files.toList()) {
                Files.copy(f, templates.resolve(f.getFileName()));
            }
        }
        Path template = templates.resolve(L3RouterPair.TEMPLATE);
        String original = Files.readString(template);
        String edited = edit.apply(original);
        assertThat(edited).as("the edit changed " + template).isNotEqualTo(original);
        Files.writeString(template, edited);
        Path file = change.resolve("topology.yaml");
        String yaml = Files.readString(topologyFile).replaceAll("(?m)^templates:.*$", "templates: " + templates);
        Files.writeString(file, yaml.contains("templates: " + templates) ? yaml : yaml + "\ntemplates: " + templates + "\n");
        return file;
    }

    /** Nothing of this lab is left: its namespaces, bridge, router processes and state directory. */
    private static void assertLabRemoved() throws Exception {
        var namespaces = Hagate.exec("ip netns list", "ip", "netns", "list").lines().map(l -> l.split(" ")[0]).toList();
        for (Topology.NodeSpec node : topology.nodes()) {
            assertThat(namespaces).as("namespaces").doesNotContain("hagate-" + node.name());
        }
        assertThat(Hagate.exec("ip link", "ip", "-o", "link", "show")).as("links").doesNotContain(" " + topology.lab().bridge() + ":");
        assertThat(Hagate.exec("ps", "ps", "-eo", "args")).as("router processes").doesNotContain(L3RouterPair.CONFIG_DIR);
        String state = System.getenv("HAGATE_STATE_DIR");
        assertThat(Path.of(state == null || state.isBlank() ? "/var/tmp/hagate" : state)).doesNotExist();
    }
}
