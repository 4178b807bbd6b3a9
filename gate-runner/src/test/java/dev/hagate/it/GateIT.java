package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gate on the real embedded lab: it passes a sound deployment and sound Keystone and Neutron commits,
 * fails broken ones (a Keystone commit, HAProxy, RabbitMQ and keepalived configurations), and cleans up after a
 * crash.
 */
class GateIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    @TempDir
    Path reports;

    private JsonNode summary() throws Exception {
        return new ObjectMapper().readTree(reports.resolve("latest/summary.json").toFile());
    }

    /** One Keystone repository for the class: the packaged tree, and a commit on it that breaks HA. */
    private static KeystoneRepository keystone;
    /** One Neutron repository for the class: the packaged tree is the base the gate plan runs on. */
    private static NeutronRepository neutron;

    @BeforeAll
    static void repositories(@TempDir Path dir) throws Exception {
        Hagate.assumeRoot();
        keystone = KeystoneRepository.create(dir);
        neutron = NeutronRepository.create(dir);
    }

    /**
     * The whole gate plan on Keystone's and Neutron's base commits: every scenario holds its SLAs, the changes'
     * trees are what the nodes run, and the reports name the commits.
     */
    @Test
    void theGatePlanOnKeystonesAndNeutronsBaseCommitsHoldsItsSlasAndVotesPlusOne() throws Exception {
        // Neutron's deployment and the router's scenario come on top of the other scenarios.
        Hagate.Outcome run = Hagate.run(TIMEOUT.plusMinutes(10), "run", "--reports", reports.toString(),
                "--change", "openstack/keystone=" + keystone.path() + "@master~1",
                "--change", "openstack/neutron=" + neutron.path() + "@" + neutron.base());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("change: keystone " + keystone.path() + "@master~1 = " + keystone.base())
                .contains("change: neutron " + neutron.path() + "@" + neutron.base() + " = " + neutron.base())
                .contains("Keystone from /var/lib/hagate/changes/keystone/keystone")
                .contains("neutron-server: putting the change's tree on ctl1, ctl2, ctl3")
                .contains("neutron-ovs-agent: putting the change's tree on net1, net2, cmp1")
                .contains("neutron-l3-agent: putting the change's tree on net1, net2")
                .contains("fault: SIGKILL mariadbd on ctl1").contains("fault: partition ctl1 from ctl2, ctl3, net1, net2, cmp1 (port 25672)")
                .containsPattern("fault: SIGKILL keepalived and the L3 agent on net[12] \\(the router master\\)")
                .contains("verdict: PASS  vote: +1");

        JsonNode summary = summary();
        assertThat(summary.get("verdict").asText()).isEqualTo("pass");
        assertThat(summary.get("change").get("keystone.commit").asText()).isEqualTo(keystone.base());
        assertThat(summary.get("change").get("neutron.commit").asText()).isEqualTo(neutron.base());
        // The nodes run the default node image, Debian 13, not the host's packages.
        assertThat(summary.get("software").get("release").asText()).isEqualTo("trixie");
        assertThat(summary.get("software").get("rabbitmq").asText()).startsWith("4.0.");
        assertThat(summary.get("software").get("keystone").asText()).startsWith("27.");
        assertThat(summary.get("software").get("neutron").asText()).startsWith("26.");
        assertThat(summary.get("scenarios")).extracting(s -> s.get("name").asText())
                .containsExactly("kill-galera-node", "cut-rabbitmq-node", "cut-rabbitmq-node-short", "galera-multi-writer", "drop-l3-agent");
        assertThat(summary.get("scenarios")).allSatisfy(s -> assertThat(s.get("checks"))
                .allSatisfy(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue()));
        Path kill = reports.resolve("latest/kill-galera-node");
        try (Stream<String> writes = Files.lines(kill.resolve("sql-writer.jsonl"))) {
            // 20 writes a second for ~25 s, and at least one failed while the writer was down.
            assertThat(writes.filter(l -> l.contains("\"op\":\"write\"")).count()).isGreaterThan(300);
        }
        assertThat(Files.readString(kill.resolve("sql-writer.jsonl"))).contains("\"result\":\"fail\"");
        assertThat(Files.readString(kill.resolve("scenario.jsonl"))).contains("tempest identity smoke: - Passed:")
                .contains("memcached: ").contains("quorum queues: ");
        assertThat(Files.readString(reports.resolve("latest/cut-rabbitmq-node/amqp.jsonl"))).contains("\"op\":\"consume\"");
        // The router's failover: the standby took the gateway over once, losing echoes meanwhile, and the
        // agent started again left it there.
        JsonNode drop = summary.get("scenarios").get(4);
        assertThat(drop.get("checks")).extracting(c -> c.get("name").asText()).containsExactly("max-outage(router-ping)",
                "failure-rate(router-ping)", "warmup-latency(router-ping)", "cooldown-latency(router-ping)",
                "duplicate-gateway(gateway-holders)", "gateway-moves(gateway-holders)", "recovery-time", "healthy-after");
        assertThat(drop.get("checks").get(0).get("value").asDouble()).as("outage of the router probe").isGreaterThan(0.5);
        assertThat(drop.get("checks").get(5).get("value").asInt()).as("gateway moves").isEqualTo(1);
        assertThat(Files.readString(reports.resolve("latest/drop-l3-agent/router-ping.jsonl"))).contains("\"result\":\"fail\"");
        assertThat(Files.readString(reports.resolve("latest/drop-l3-agent/scenario.jsonl"))).contains("the router's HA state in Neutron");
        assertThat(Files.readString(reports.resolve("latest/allure-results/environment.properties")))
                .contains("change.keystone.commit=" + keystone.base()).contains("change.neutron.commit=" + neutron.base());
        assertThat(reports.resolve("latest/junit.xml")).exists();
        Hagate.assertNothingLeft();
    }

    /** Keystone that validates only the tokens its own process issued fails behind a load balancer: -1, naming the commit. */
    @Test
    void keystonesCommitCachingTokensInProcessIsVotedMinusOne() throws Exception {
        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--reports", reports.toString(), "--scenario", "kill-galera-node",
                "--change", "keystone=" + keystone.path() + "@" + keystone.bad());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("verdict: FAIL  vote: -1");
        JsonNode summary = summary();
        assertThat(summary.get("change").get("keystone.commit").asText()).isEqualTo(keystone.bad());
        assertThat(summary.get("verdict").asText()).isEqualTo("fail");
        Hagate.assertNothingLeft();
    }

    /** HAProxy spreading transactions over every Galera node makes Galera abort them as deadlocks: -1. */
    @Tag("full")
    @Test
    void haproxySpreadingWritesOverAllGaleraNodesIsVotedMinusOne(@TempDir Path change) throws Exception {
        Path topology = Hagate.changedDeployment(change, "haproxy.cfg", cfg -> cfg
                .replace("{{^-first}} backup{{/-first}}", "")
                .replace("  stick-table type ip size 1000\n  stick on dst\n", "  balance roundrobin\n"));

        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", topology.toString(), "--reports", reports.toString(),
                "--scenario", "galera-multi-writer");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        JsonNode deadlocks = summary().get("scenarios").get(0).get("checks").get(0);
        assertThat(deadlocks.get("name").asText()).isEqualTo("deadlocks(sql-contention)");
        assertThat(deadlocks.get("value").asDouble()).isGreaterThan(0);
        Hagate.assertNothingLeft();
    }

    /**
     * A plan whose first scenario leaves RabbitMQ split for good (it ignores partitions, and its partition heal
     * only watches): that scenario fails on its own account, and the scenarios after it run on a cloud deployed
     * again (or, if nothing brings it back, are not run because of that failure). The run is a -1, never a lab
     * error that gate jobs would retry.
     */
    @Tag("full")
    @Test
    void aPlanWhoseFirstScenarioLeavesRabbitmqSplitIsVotedMinusOneNotRetried(@TempDir Path change) throws Exception {
        Path topology = Hagate.changedDeployment(change, "rabbitmq.conf",
                conf -> conf.replace("cluster_partition_handling = pause_minority", "cluster_partition_handling = ignore"));
        Hagate.editTemplate(change, "rabbitmq-partition-heal.sh", heal -> heal.replace(
                "timeout 60 rabbitmqctl -q stop_app && timeout 120 rabbitmqctl -q start_app", "false"));
        Path plan = change.resolve("split-first.yaml");
        Files.writeString(plan, "plan: split-first\n"
                + "description: the gate plan's scenarios, the RabbitMQ partition first\n"
                + "scenarios:\n  - cut-rabbitmq-node\n  - kill-galera-node\n  - galera-multi-writer\n");

        // A failed recovery waits out its timeout and the next reset its own before the cloud is deployed again.
        Hagate.Outcome run = Hagate.run(Duration.ofMinutes(30), "run", "--topology", topology.toString(),
                "--reports", reports.toString(), "--plan", plan.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("verdict: FAIL  vote: -1");

        JsonNode summary = summary();
        JsonNode scenarios = summary.get("scenarios");
        assertThat(scenarios).extracting(s -> s.get("name").asText())
                .containsExactly("cut-rabbitmq-node", "kill-galera-node", "galera-multi-writer");
        JsonNode split = scenarios.get(0);
        assertThat(split.get("verdict").asText()).as(split.toString()).isEqualTo("fail");
        assertThat(split.get("checks")).anySatisfy(c -> {
            assertThat(c.get("name").asText()).isEqualTo("recovery-time");
            assertThat(c.get("passed").asBoolean()).isFalse();
            assertThat(c.get("detail").asText()).startsWith("did not recover: ");
        });
        JsonNode next = scenarios.get(1);
        if (next.get("verdict").asText().equals("not-run")) {
            assertThat(next.get("notRun").asText()).startsWith("because of the earlier failure of cut-rabbitmq-node");
        } else {
            // The split cluster did not pass a reset: the scenario ran on a cloud deployed again.
            assertThat(Files.readString(reports.resolve("latest/kill-galera-node/scenario.jsonl")))
                    .containsPattern("\"op\":\"reset\".*the reset failed: .*deployed (again on the same lab|on a fresh lab)");
        }
        assertThat(scenarios).allSatisfy(s -> assertThat(s.get("verdict").asText()).as(s.toString()).isNotEqualTo("error"));
        Hagate.assertNothingLeft();
    }

    /** A gate that cannot fail is worthless: HAProxy without health checks keeps sending writes to the dead node. */
    @Tag("full")
    @Test
    void haproxyWithoutHealthChecksIsVotedMinusOne(@TempDir Path change) throws Exception {
        Path topology = Hagate.changedDeployment(change, "haproxy.cfg", cfg -> cfg.replace(":3306 check", ":3306"));

        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", topology.toString(), "--reports", reports.toString(),
                "--scenario", "kill-galera-node");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("verdict: FAIL  vote: -1");
        JsonNode outage = summary().get("scenarios").get(0).get("checks").get(0);
        assertThat(outage.get("name").asText()).isEqualTo("max-outage(sql-writer)");
        assertThat(outage.get("passed").asBoolean()).isFalse();
        assertThat(outage.get("value").asDouble()).isGreaterThan(outage.get("limit").asDouble());
        Hagate.assertNothingLeft();
    }

    /** keepalived nodes that do not form one VRRP group each take the VIP: a split brain, and the change's fault. */
    @Tag("full")
    @Test
    void aKeepalivedSplitBrainBreaksDeploymentAndIsVotedMinusOne(@TempDir Path change) throws Exception {
        Path topology = Hagate.changedDeployment(change, "keepalived.conf",
                conf -> conf.replace("virtual_router_id 51", "virtual_router_id {{node.priority}}"));

        Hagate.Outcome run = Hagate.run(TIMEOUT, "run", "--topology", topology.toString(), "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(summary().get("deploymentError").asText()).contains("held by ctl1, ctl2, ctl3 (split brain)");
        Hagate.assertNothingLeft();
    }

    @Test
    void aRunnerKilledMidScenarioLeavesALabThatLabDownRemoves() throws Exception {
        Process run = Hagate.start("run", "--reports", reports.toString(), "--scenario", "kill-galera-node");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("fault: SIGKILL")) {
                System.out.println(line);
            }
            assertThat(line).as("the run reached the fault").isNotNull();
        }
        // As the OOM killer or a CI timeout would: no shutdown hook runs.
        run.destroyForcibly().waitFor();
        assertThat(Hagate.exec("ip netns list", "ip", "netns", "list")).contains("hagate-ctl1");

        Hagate.Outcome status = Hagate.run(TIMEOUT, "lab", "status");
        assertThat(status.output()).contains("its run died");
        assertThat(Hagate.run(TIMEOUT, "lab", "down").exitCode()).isZero();
        Hagate.assertNothingLeft();
    }
}
