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
    void exit1_isFailureNeverUnstable_asJUnitIsToldNotToMarkTheBuild() {
        hagate.verdict = { s, n -> 'fail' }

        def exitCode = gate()

        assertThat(exitCode).isEqualTo(1)
        // Failed checks would make JUnit mark the build UNSTABLE (Gerrit Trigger: 0); the gate's FAILURE is the result.
        assertThat(argsOf('junit')*.skipMarkingBuildUnstable).containsExactly(true)
        assertThat(build.resultsSet).containsExactly('FAILURE')
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
    void exit4_isARunnerDefect_noVoteNotBuilt_sayingSo() {
        hagate.exitBeforeWriting = 4

        assertThat(gate()).isEqualTo(4)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo(
                'HA gate: no vote: runner defect (exit 4), not retried; report it to hagate (the console log has the stack trace)')
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
        assertThat(argsOf('junit')).containsExactly([testResults: "${run}/junit.xml".toString(), allowEmptyResults: true,
                                                    skipMarkingBuildUnstable: true])
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

        // JUnit no longer marks the build; the Allure plugin still may.
        assertThat(resultWhenAllureRan).hasSize(1)
        assertThat(resultWhenAllureRan[0]).isNull()
        assertThat(build.resultsSet).containsExactly('UNSTABLE', 'NOT_BUILT')
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
    void readsTheSummaryAsPlainMapsAndLists() {
        gate()
        assertThat(argsOf('readJSON')).containsExactly([file: "${runDir()}/summary.json".toString(), returnPojo: true])
    }

    @Test
    void runsInTheStagesCheckoutGateAndPublish() {
        gate(label: 'hagate-lab')
        assertThat(stages).containsExactly('checkout', 'gate', 'publish')
    }

    @Test
    void namesTheJenkinsBuildAndTheGerritChangeToHagate() {
        env.putAll(JENKINS_URL: 'https://ci.example.org/', BUILD_TAG: 'jenkins-hagate-42', BUILD_NUMBER: '42',
                BUILD_URL: 'https://ci.example.org/job/hagate/42/', GERRIT_CHANGE_URL: 'https://review.example.org/1234')

        gate()

        assertThat(hagate.runs*.command).containsExactly("./hagate run --reports 'reports' --ci Jenkins"
                + " --ci-url 'https://ci.example.org/' --build-name 'jenkins-hagate-42' --build-number '42'"
                + " --build-url 'https://ci.example.org/job/hagate/42/' --change-url 'https://review.example.org/1234'")
    }

    // ------------------------------------------------------------ a broken lab is tried on a fresh agent

    @Test
    void aBrokenLab_isTriedAgainOnAFreshAgent_andTheAttemptThatCountsVotes() {
        hagate.verdict = { s, n -> n == 1 ? 'error' : 'pass' }

        assertThat(gate(label: 'hagate-lab')).isEqualTo(0)

        assertThat(argsOf('node')).containsExactly('hagate-lab', 'hagate-lab')
        assertThat(hagate.runs*.exitCode).containsExactly(3, 0)
        assertThat(build.result).isEqualTo('SUCCESS')
        assertThat(build.resultsSet).containsExactly('SUCCESS')
        assertThat(build.description).isEqualTo('HA gate: PASS +1 (kill-galera-node) [attempt 2 of 3]')
        assertThat(log).contains('HA gate: attempt 1 of 3: no vote: infrastructure failure (exit 3), retry; trying again on a fresh agent')
        // The broken attempt's run is kept as evidence; the test report is the attempt that counts.
        assertThat(argsOf('archiveArtifacts')*.artifacts).containsExactly("${hagate.runs[0].runDir}/**".toString(),
                "${hagate.runs[1].runDir}/**".toString())
        assertThat(argsOf('junit')*.testResults).containsExactly("${hagate.runs[1].runDir}/junit.xml".toString())
        argsOf('retry').each { assertThat(it.conditions*.$class).containsExactly('AgentErrorCondition', 'NonresumableCondition') }
        assertThat(argsOf('retry')*.count).containsExactly(3, 2)
    }

    @Test
    void aLabThatBreaksOnEveryAgent_isNoVoteAfterRetriesPlusOneAttempts() {
        hagate.verdict = { s, n -> 'error' }

        assertThat(gate(label: 'hagate-lab', retries: 1)).isEqualTo(3)

        assertThat(hagate.runs).hasSize(2)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo(
                'HA gate: no vote: infrastructure failure (exit 3), retry (kill-galera-node: ctl2: ssh: connection refused) [attempt 2 of 2]')
        assertThat(argsOf('junit')).hasSize(1)
    }

    @Test
    void retriesZero_triesOnce() {
        hagate.verdict = { s, n -> 'error' }

        assertThat(gate(label: 'hagate-lab', retries: 0)).isEqualTo(3)

        assertThat(hagate.runs).hasSize(1)
        assertThat(build.description).doesNotContain('attempt')
    }

    private void triedOnce(int exitCode) {
        assertThat(gate(label: 'hagate-lab')).isEqualTo(exitCode)
        assertThat(hagate.runs).hasSize(1)
        assertThat(build.description).endsWith('[attempt 1 of 3]')
    }

    @Test
    void aVerdict_isNeverTriedAgain() {
        hagate.verdict = { s, n -> 'fail' }
        triedOnce(1)
    }

    @Test
    void badInput_isNeverTriedAgain() {
        hagate.exitBeforeWriting = 2
        triedOnce(2)
    }

    @Test
    void aRunnerDefect_isNeverTriedAgain() {
        hagate.exitBeforeWriting = 4
        triedOnce(4)
        assertThat(build.result).isEqualTo('NOT_BUILT')
    }

    @Test
    void aLostConnection_isTriedAgainLikeABrokenLab() {
        int runs = 0
        hagate.agentLost = { scenarios -> ++runs == 1 }

        assertThat(gate(label: 'hagate-lab')).isEqualTo(0)
        assertThat(build.description).endsWith('[attempt 2 of 3]')
    }

    @Test
    void anAgentRemovedMidBuild_isRetriedByTheAgentCondition_andCountsAsAnAttempt() {
        int allocations = 0
        helper.registerAllowedMethod('node', [String, Closure], { String label, Closure body ->
            if (++allocations == 1) {
                throw new FakeBuild.AgentRemoved('lab-7')
            }
            hagate.node = label
            helper.callClosure(body)
        })

        assertThat(gate(label: 'hagate-lab')).isEqualTo(0)

        assertThat(hagate.runs).hasSize(1)
        assertThat(build.description).isEqualTo('HA gate: PASS +1 (kill-galera-node) [attempt 2 of 3]')
        assertThat(log).contains('retry: Agent lab-7 was removed; retrying')
    }

    @Test
    void anAbortedBuild_isNotRetried() {
        hagate.agentLost = { scenarios -> throw new InterruptedException('aborted by the user') }

        try {
            gate(label: 'hagate-lab')
            assert false: 'the interruption was swallowed'
        } catch (InterruptedException e) {
            assertThat(e.message).isEqualTo('aborted by the user')
        }
        assertThat(argsOf('node')).hasSize(1)
    }

    @Test
    void aNegativeRetries_isTheJobsMistake() {
        try {
            gate(label: 'hagate-lab', retries: -1)
            assert false: 'no error'
        } catch (IllegalStateException e) {
            assertThat(e.message).isEqualTo('haGate: retries must be 0 or more, not -1')
        }
        assertThat(hagate.runs).isEmpty()
    }

    // ------------------------------------------------------------ shared labs

    @Test
    void aLibvirtLab_runsUnderTheLabsLock() {
        gate(topology: 'lab-topology/libvirt-3ctl.yaml')
        assertThat(locks).containsExactly('hagate-libvirt-3ctl')
        assertThat(hagate.runs).hasSize(1)
    }

    @Test
    void aBareMetalLab_runsUnderTheLabsLock() {
        gate(topology: 'lab-topology/rack-a.yaml', label: 'hagate-lab')
        assertThat(locks).containsExactly('hagate-rack-a')
        assertThat(log).contains('haGate: the lab is shared with other agents; waiting for hagate-rack-a')
    }

    @Test
    void aLabTheAgentBuildsItself_needsNoLock() {
        gate()
        gate(topology: 'lab-topology/embedded.yaml')
        assertThat(calls('lock')).isEmpty()
        assertThat(hagate.runs).hasSize(2)
    }

    @Test
    void aTopologyThatIsNotThere_isLeftToHagateToReport() {
        hagate.exitBeforeWriting = 2
        assertThat(gate(topology: 'lab-topology/nowhere.yaml')).isEqualTo(2)
        assertThat(calls('lock')).isEmpty()
        assertThat(calls('readYaml')).isEmpty()
    }
}
