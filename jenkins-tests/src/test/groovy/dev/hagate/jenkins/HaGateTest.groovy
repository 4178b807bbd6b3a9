package dev.hagate.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Test

class HaGateTest extends HagateLibraryTestBase {

    private Object gate(Map p = [:]) {
        return haGate.call(p)
    }

    private String runDir() {
        return hagate.runs.last().runDir
    }

    @Test
    void exit0_isSuccessWithAPassDescription() {
        def exitCode = gate()

        assertThat(exitCode).isEqualTo(0)
        assertThat(build.result).isEqualTo('SUCCESS')
        assertThat(build.description).isEqualTo('HA gate: PASS +1 (kill-galera-node)')
        assertThat(hagate.runs*.command).containsExactly("./hagate run --reports 'reports'")
    }

    @Test
    void exit1_isFailureNeverUnstable_evenThoughJUnitMarkedTheBuildUnstable() {
        hagate.verdict = { s, n -> 'fail' }

        def exitCode = gate()

        assertThat(exitCode).isEqualTo(1)
        // The JUnit publisher ran first and made the build UNSTABLE (Gerrit Trigger: 0); the gate's FAILURE wins.
        assertThat(build.resultsSet).containsExactly('UNSTABLE', 'FAILURE')
        assertThat(build.result).isEqualTo('FAILURE')
        assertThat(build.description)
                .isEqualTo('HA gate: FAIL -1 (kill-galera-node: max-outage(sql-writer) 20.2 s, limit 10 s)')
    }

    @Test
    void exit1_fromABrokenDeployment_namesTheDeployment() {
        hagate.deploymentError = 'galera: ctl2 did not join within 300 s'

        assertThat(gate()).isEqualTo(1)
        assertThat(build.result).isEqualTo('FAILURE')
        assertThat(build.description).isEqualTo('HA gate: FAIL -1 (deployment: galera: ctl2 did not join within 300 s)')
    }

    @Test
    void exit2_isNotBuiltWithTheReason_andPublishesNothing() {
        hagate.exitBeforeWriting = 2

        assertThat(gate()).isEqualTo(2)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).startsWith('HA gate: no vote: bad input (exit 2)')
        assertThat(calls('junit')).isEmpty()
        assertThat(calls('allure')).isEmpty()
        assertThat(calls('archiveArtifacts')).isEmpty()
    }

    @Test
    void exit3_isNotBuiltWithTheLabError_andStillPublishesTheRun() {
        hagate.verdict = { s, n -> 'error' }

        assertThat(gate()).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo(
                'HA gate: no vote: infrastructure failure (exit 3), retry (kill-galera-node: ctl2: ssh: connection refused)')
        assertThat(argsOf('junit')).hasSize(1)
        assertThat(argsOf('archiveArtifacts')).hasSize(1)
    }

    @Test
    void anUnknownExitCode_isNoVote() {
        hagate.exitBeforeWriting = 127

        assertThat(gate()).isEqualTo(127)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo('HA gate: no vote: hagate exited 127')
    }

    @Test
    void aPassWithoutSummary_isNotAPass() {
        hagate.writeSummary = false

        assertThat(gate()).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).contains('hagate exited 0 but wrote no summary.json')
    }

    @Test
    void aLostAgent_isNoVote() {
        hagate.agentLost = { scenarios -> true }

        assertThat(gate()).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).contains('hagate did not finish: Cannot contact lab-7')
    }

    @Test
    void aFailedCheckout_isNoVote_andRunsNothing() {
        helper.registerAllowedMethod('checkout', [Map], { Map m -> throw new IOException("Couldn't find any revision to build") })

        assertThat(gate()).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).contains('checkout failed')
        assertThat(hagate.runs).isEmpty()
    }

    @Test
    void publishesTheRunsReports() {
        gate()

        String run = runDir()
        assertThat(run).matches('reports/runs/20261123-\\d{6}-[0-9a-f]{4}')
        assertThat(argsOf('archiveArtifacts')).containsExactly([artifacts: "${run}/**".toString(), allowEmptyArchive: true])
        assertThat(argsOf('junit')).containsExactly([testResults: "${run}/junit.xml".toString(), allowEmptyResults: true])
        assertThat(argsOf('allure')).containsExactly([results: [[path: "${run}/allure-results".toString()]]])
    }

    @Test
    void setsTheResultOnlyAfterThePublishers_whichMayMarkTheBuildUnstable() {
        hagate.verdict = { s, n -> 'error' }
        List<String> resultWhenAllureRan = []
        // As the Allure plugin does with failed or broken tests.
        helper.registerAllowedMethod('allure', [Map], { Map m ->
            resultWhenAllureRan << build.result
            build.result = 'UNSTABLE'
        })

        gate()

        assertThat(resultWhenAllureRan).containsExactly('UNSTABLE')
        assertThat(build.resultsSet).containsExactly('UNSTABLE', 'UNSTABLE', 'NOT_BUILT')
        assertThat(build.result).isEqualTo('NOT_BUILT')
    }

    @Test
    void noAllureResults_noAllureStep() {
        hagate.writeAllure = false
        gate()
        assertThat(calls('allure')).isEmpty()
        assertThat(build.result).isEqualTo('SUCCESS')
    }

    @Test
    void allureFalse_skipsAllure() {
        gate(allure: false)
        assertThat(calls('allure')).isEmpty()
        assertThat(argsOf('junit')).hasSize(1)
    }

    @Test
    void aBrokenAllurePlugin_doesNotChangeTheVote() {
        helper.registerAllowedMethod('allure', [Map], { Map m -> throw new IllegalStateException('Can not find any allure commandline installation.') })

        assertThat(gate()).isEqualTo(0)
        assertThat(build.result).isEqualTo('SUCCESS')
        assertThat(log.join('\n')).contains('no Allure report (the vote stands)')
    }

    @Test
    void checksOutTheGerritChange() {
        env.GERRIT_REFSPEC = 'refs/changes/34/1234/5'
        env.GERRIT_PATCHSET_REVISION = '0123456789abcdef0123456789abcdef01234567'

        gate()

        assertThat(argsOf('checkout')).containsExactly([$class           : 'GitSCM',
                                                        branches         : [[name: '0123456789abcdef0123456789abcdef01234567']],
                                                        userRemoteConfigs: [[url: REPO_URL, credentialsId: 'gerrit-ssh', refspec: 'refs/changes/34/1234/5']]])
    }

    @Test
    void explicitRefspecAndUrl_winOverGerritAndScm() {
        env.GERRIT_REFSPEC = 'refs/changes/34/1234/5'

        gate(refspec: 'refs/changes/56/5678/1', url: 'https://review.example.org/hagate')

        assertThat(argsOf('checkout')).containsExactly([$class           : 'GitSCM',
                                                        branches         : [[name: 'FETCH_HEAD']],
                                                        userRemoteConfigs: [[url: 'https://review.example.org/hagate', refspec: 'refs/changes/56/5678/1']]])
    }

    @Test
    void aGerritChangeOfKeystone_isPassedAsAChange_andHagateComesFromTheJobsScm() {
        env.GERRIT_PROJECT = 'openstack/keystone'
        env.GERRIT_REFSPEC = 'refs/changes/34/1234/5'
        env.GERRIT_PATCHSET_REVISION = '0123456789abcdef0123456789abcdef01234567'
        env.GERRIT_SCHEME = 'ssh'
        env.GERRIT_HOST = 'review.example.org'
        env.GERRIT_PORT = '29418'

        gate()

        assertThat(argsOf('checkout')).containsExactly(binding.getVariable('scm'))
        assertThat(hagate.runs*.command).containsExactly("./hagate run --reports 'reports' --change "
                + "'openstack/keystone=ssh://review.example.org:29418/openstack/keystone@refs/changes/34/1234/5'")
    }

    @Test
    void aGerritChangeOfHagateItself_isCheckedOutAndNeedsNoChangeOption() {
        env.GERRIT_PROJECT = 'x/hagate'
        env.GERRIT_REFSPEC = 'refs/changes/34/1234/5'

        gate()

        assertThat(argsOf('checkout').first().userRemoteConfigs.first().refspec).isEqualTo('refs/changes/34/1234/5')
        assertThat(hagate.runs*.command).containsExactly("./hagate run --reports 'reports'")
    }

    @Test
    void explicitChanges_arePassedInOrder() {
        gate(changes: ['keystone=/srv/keystone@abc123', 'hagate=/srv/hagate@HEAD'])

        assertThat(hagate.runs*.command).containsExactly("./hagate run --reports 'reports' --change 'keystone=/srv/keystone@abc123'"
                + " --change 'hagate=/srv/hagate@HEAD'")
    }

    @Test
    void withoutAChange_checksOutTheJobsScm() {
        gate()
        assertThat(argsOf('checkout')).containsExactly(binding.getVariable('scm'))
    }

    @Test
    void checkoutFalse_doesNotCheckOut() {
        gate(checkout: false)
        assertThat(calls('checkout')).isEmpty()
        assertThat(hagate.runs).hasSize(1)
    }

    @Test
    void passesScenariosPlanTopologyAndCommand() {
        hagate.scenarios = ['kill-galera-node', "o'brien"]
        gate(scenarios: "kill-galera-node, o'brien", plan: 'nightly', topology: 'lab-topology/libvirt.yaml',
                command: 'sudo -E ./hagate', reports: 'out')

        assertThat(hagate.commands).contains(
                "sudo -E ./hagate run --reports 'out' --scenario 'kill-galera-node' --scenario 'o'\\''brien' " +
                        "--plan 'nightly' --topology 'lab-topology/libvirt.yaml'")
        assertThat(runDir()).startsWith('out/runs/')
    }

    @Test
    void cleansEarlierRunsFromTheWorkspace() {
        hagate.files['reports/runs/20261122-010000-0001/summary.json'] = [verdict: 'pass']
        gate()
        assertThat(hagate.files.keySet().findAll { it.endsWith('summary.json') }).containsExactly("${runDir()}/summary.json".toString())
    }

    @Test
    void label_runsOnThatAgent() {
        gate(label: 'hagate-lab')
        assertThat(argsOf('node')).containsExactly('hagate-lab')
        assertThat(hagate.runs*.node).containsExactly('hagate-lab')
    }

    @Test
    void combine_regressionFirst_thenBadInput_thenAnyFailure_passOnlyWhenAllPassed() {
        assertThat(haGate.combine([0, 0])).isEqualTo(0)
        assertThat(haGate.combine([0, 3, 1])).isEqualTo(1)
        assertThat(haGate.combine([3, 2, 0])).isEqualTo(2)
        assertThat(haGate.combine([0, 3])).isEqualTo(3)
        assertThat(haGate.combine([0, 137])).isEqualTo(3)
        assertThat(haGate.combine([])).isEqualTo(3)
    }

    @Test
    void amount_readsLikeAPersonWroteIt() {
        assertThat(haGate.amount(20.2d, 's')).isEqualTo('20.2 s')
        assertThat(haGate.amount(10.0d, 's')).isEqualTo('10 s')
        assertThat(haGate.amount(6.0912d, 's')).isEqualTo('6.09 s')
        assertThat(haGate.amount(null, 's')).isEqualTo('no value')
    }
}
