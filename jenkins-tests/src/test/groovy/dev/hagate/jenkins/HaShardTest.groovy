package dev.hagate.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Before
import org.junit.Test

class HaShardTest extends HagateLibraryTestBase {

    static final List<String> FIVE = ['kill-galera-node', 'partition-rabbitmq', 'kill-haproxy', 'stop-keepalived', 'kill-l3-agent']

    @Before
    void fiveScenarios() {
        hagate.scenarios = FIVE
        hagate.plans.gate = FIVE
    }

    private Object shard(Map p) {
        return haShard.call(p)
    }

    @Test
    void dealsTheScenariosRoundRobinIntoParallelBranches_eachOnItsOwnLabAgent() {
        def exitCode = shard(scenarios: FIVE, shards: 2, label: 'hagate-lab')

        assertThat(exitCode).isEqualTo(0)
        Map branches = argsOf('parallel')[0] as Map
        assertThat(branches.keySet()).containsExactly('shard 1', 'shard 2')
        assertThat(hagate.runs*.scenarios).containsExactly(
                ['kill-galera-node', 'kill-haproxy', 'kill-l3-agent'],
                ['partition-rabbitmq', 'stop-keepalived'])
        assertThat(hagate.runs*.command).containsExactly(
                "./hagate run --reports 'reports' --scenario 'kill-galera-node' --scenario 'kill-haproxy' --scenario 'kill-l3-agent'",
                "./hagate run --reports 'reports' --scenario 'partition-rabbitmq' --scenario 'stop-keepalived'")
        assertThat(hagate.runs*.node).containsExactly('hagate-lab', 'hagate-lab')
        // Each shard checks out the change on its own agent.
        assertThat(calls('checkout')).hasSize(2)
        assertThat(build.result).isEqualTo('SUCCESS')
        assertThat(build.description).isEqualTo('HA gate: PASS +1 (5 scenarios on 2 shards)')
    }

    @Test
    void moreShardsThanScenarios_makesNoEmptyShard() {
        shard(scenarios: FIVE.take(2), shards: 4)

        assertThat((argsOf('parallel')[0] as Map).keySet()).containsExactly('shard 1', 'shard 2')
        assertThat(hagate.runs*.scenarios).containsExactly(['kill-galera-node'], ['partition-rabbitmq'])
    }

    @Test
    void aRegressionInOneShard_beatsALabFailureInAnother() {
        hagate.verdict = { s, n -> s == 'partition-rabbitmq' ? 'fail' : s == 'kill-haproxy' ? 'error' : 'pass' }

        def exitCode = shard(scenarios: FIVE, shards: 3, retries: 0)

        assertThat(hagate.runs*.scenarios).containsExactly(
                ['kill-galera-node', 'stop-keepalived'], ['partition-rabbitmq', 'kill-l3-agent'], ['kill-haproxy'])
        assertThat(hagate.runs*.exitCode).containsExactly(0, 1, 3)
        assertThat(exitCode).isEqualTo(1)
        assertThat(build.result).isEqualTo('FAILURE')
        assertThat(build.description).isEqualTo('HA gate: FAIL -1 (' +
                'shard 2 (partition-rabbitmq, kill-l3-agent): partition-rabbitmq: max-outage(sql-writer) 20.2 s, limit 10 s; ' +
                'shard 3 (kill-haproxy): no vote: infrastructure failure (exit 3), retry: kill-haproxy: ctl2: ssh: connection refused)')
    }

    @Test
    void aLabFailureInOneShard_isNeverAPass() {
        hagate.verdict = { s, n -> s == 'stop-keepalived' ? 'error' : 'pass' }

        def exitCode = shard(scenarios: FIVE, shards: 2, retries: 0)

        assertThat(hagate.runs*.exitCode).containsExactly(0, 3)
        assertThat(exitCode).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).startsWith('HA gate: no vote: infrastructure failure (exit 3), retry (shard 2')
    }

    @Test
    void aShardThatCannotRun_isNoVote_andTheOtherShardsStillRun() {
        int allocations = 0
        helper.registerAllowedMethod('node', [String, Closure], { String label, Closure body ->
            if (++allocations == 2) {
                throw new IOException('agent lab-7 went offline')
            }
            hagate.node = label
            helper.callClosure(body)
        })

        def exitCode = shard(scenarios: FIVE, shards: 3)

        assertThat(hagate.runs).hasSize(2)
        assertThat(exitCode).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).contains('shard 2 (partition-rabbitmq, kill-l3-agent): no vote: infrastructure failure (exit 3), retry: shard 2 did not run: agent lab-7 went offline')
    }

    @Test
    void eachShardPublishesItsRun_andOneAllureReportCoversAllShards() {
        shard(scenarios: FIVE, shards: 2, label: 'hagate-lab', reportLabel: 'reports')

        List<String> runDirs = hagate.runs*.runDir
        assertThat(argsOf('archiveArtifacts')).containsExactly(
                [artifacts: "${runDirs[0]}/**".toString(), allowEmptyArchive: true],
                [artifacts: "${runDirs[1]}/**".toString(), allowEmptyArchive: true])
        assertThat(argsOf('junit')*.testResults).containsExactly("${runDirs[0]}/junit.xml".toString(), "${runDirs[1]}/junit.xml".toString())
        assertThat(argsOf('stash')).containsExactly(
                [name: 'hagate-shard-1', includes: "${runDirs[0]}/allure-results/**".toString()],
                [name: 'hagate-shard-2', includes: "${runDirs[1]}/allure-results/**".toString()])
        assertThat(argsOf('unstash')).containsExactly('hagate-shard-1', 'hagate-shard-2')
        assertThat(argsOf('allure')).containsExactly([results: [[path: "${runDirs[0]}/allure-results".toString()],
                                                               [path: "${runDirs[1]}/allure-results".toString()]]])
        assertThat(argsOf('node')).containsExactly('hagate-lab', 'hagate-lab', 'reports')
    }

    @Test
    void noAgentForTheReport_doesNotChangeTheVote() {
        helper.registerAllowedMethod('node', [String, Closure], { String label, Closure body ->
            if (label == 'reports') {
                throw new IOException('no agent with label reports')
            }
            helper.callClosure(body)
        })

        assertThat(shard(scenarios: FIVE, shards: 2, reportLabel: 'reports')).isEqualTo(0)
        assertThat(build.result).isEqualTo('SUCCESS')
        assertThat(calls('allure')).isEmpty()
        assertThat(log.join('\n')).contains('haShard: no Allure report (the vote stands): no agent with label reports')
    }

    @Test
    void withoutScenarios_shardsEveryScenarioTheChangeKnows() {
        shard(shards: 2)

        assertThat(hagate.commands).contains('./hagate scenarios list --json')
        assertThat(argsOf('readJSON')[0]).containsEntry('returnPojo', true)
        assertThat(hagate.runs*.scenarios.flatten()).containsExactlyInAnyOrderElementsOf(FIVE)
        assertThat(hagate.runs).hasSize(2)
    }

    @Test
    void aPlan_shardsThePlansScenarios() {
        hagate.plans.gate = ['kill-galera-node', 'kill-haproxy']

        shard(plan: 'gate', shards: 2)

        assertThat(hagate.runs*.scenarios).containsExactly(['kill-galera-node'], ['kill-haproxy'])
        assertThat(hagate.runs*.command.join('\n')).doesNotContain('--plan')
    }

    @Test
    void noScenarioAtAll_isBadInputNotAPass() {
        hagate.scenarios = []

        assertThat(shard(shards: 2)).isEqualTo(2)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo('HA gate: no vote: bad input (exit 2) (no scenario to run)')
        assertThat(calls('parallel')).isEmpty()
    }

    @Test
    void aChangeThatCannotBeCheckedOut_isNoVote() {
        helper.registerAllowedMethod('checkout', [Map], { Map m -> throw new IOException('Could not fetch refs/changes/34/1234/5') })

        assertThat(shard(shards: 2)).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo(
                'HA gate: no vote: infrastructure failure (exit 3), retry (cannot list the scenarios: Could not fetch refs/changes/34/1234/5)')
        assertThat(hagate.runs).isEmpty()
    }

    @Test
    void aShardWhoseLabBroke_isTriedAgainOnAFreshAgent_whileTheOthersStand() {
        // The second run of kill-haproxy's shard passes.
        hagate.verdict = { s, n -> s == 'kill-haproxy' && n == 3 ? 'error' : 'pass' }

        def exitCode = shard(scenarios: FIVE, shards: 3)

        assertThat(hagate.runs*.scenarios).containsExactly(
                ['kill-galera-node', 'stop-keepalived'], ['partition-rabbitmq', 'kill-l3-agent'], ['kill-haproxy'], ['kill-haproxy'])
        assertThat(hagate.runs*.exitCode).containsExactly(0, 0, 3, 0)
        assertThat(exitCode).isEqualTo(0)
        assertThat(build.result).isEqualTo('SUCCESS')
        assertThat(build.description).isEqualTo('HA gate: PASS +1 (5 scenarios on 3 shards; shard 3: passed [attempt 2 of 3])')
        assertThat(stages).containsExactly('shard 1', 'shard 2', 'shard 3', 'publish')
        // The broken attempt is archived, not published: JUnit and Allure come from the attempt that counts.
        assertThat(argsOf('stash')*.name).containsExactly('hagate-shard-1', 'hagate-shard-2', 'hagate-shard-3')
        assertThat(argsOf('junit')).hasSize(3)
        assertThat(argsOf('archiveArtifacts')).hasSize(4)
    }

    @Test
    void aRunnerDefectInAShard_isNoVote_andNotTriedAgain() {
        hagate.exitBeforeWriting = 4

        assertThat(shard(scenarios: FIVE, shards: 2)).isEqualTo(4)

        assertThat(hagate.runs).hasSize(2)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).startsWith('HA gate: no vote: runner defect (exit 4), not retried; report it to hagate (shard 1')
    }

    @Test
    void shardsOnASharedLab_takeTurnsUnderItsLock() {
        shard(scenarios: FIVE, shards: 2, topology: 'lab-topology/libvirt-3ctl.yaml')
        assertThat(locks).containsExactly('hagate-libvirt-3ctl', 'hagate-libvirt-3ctl')
    }
}
