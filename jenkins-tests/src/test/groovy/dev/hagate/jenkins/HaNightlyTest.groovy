package dev.hagate.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Before
import org.junit.Test

class HaNightlyTest extends HagateLibraryTestBase {

    static final List<String> SCENARIOS = ['kill-galera-node', 'kill-haproxy', 'partition-rabbitmq']
    static final String PREVIOUS_HISTORY = '[{"uid":"night-42"}]'

    @Before
    void threeScenarios() {
        hagate.scenarios = SCENARIOS
    }

    /** #44 tonight; #43 a gate build; #42 a red night; #41 a gate build; #40 the last green night. */
    private void earlierNights() {
        setBuild(FakeBuild.withHistory(44, [[43, 'SUCCESS', false], [42, 'FAILURE', true],
                                            [41, 'SUCCESS', false], [40, 'SUCCESS', true]]))
        hagate.archived[40] = [
                'reports/runs/20261121-020000-aaaa/summary.json': [scenarios: [[name: 'kill-galera-node', verdict: 'pass'],
                                                                               [name: 'kill-haproxy', verdict: 'pass']]],
                'reports/runs/20261121-020000-aaaa/junit.xml'   : '<testsuites/>',
                'allure-nightly/history/history.json'           : '[{"uid":"night-40"}]']
        hagate.archived[42] = [
                'reports/runs/20261122-020000-bbbb/summary.json': [scenarios: [[name: 'kill-galera-node', verdict: 'fail']]],
                'allure-nightly/history/history.json'           : PREVIOUS_HISTORY,
                'allure-nightly/history/history-trend.json'     : '[]']
    }

    private Object nightly(Map p = [:]) {
        return haNightly.call(p)
    }

    @Test
    void runsEveryScenarioRepeatTimes_onTheNewestCommit() {
        env.GERRIT_REFSPEC = 'refs/changes/34/1234/5'

        nightly(label: 'hagate-lab')

        assertThat(argsOf('checkout')).containsExactly(binding.getVariable('scm'))
        assertThat(hagate.runs).hasSize(3)
        assertThat(hagate.runs*.scenarios).containsOnly(SCENARIOS)
        assertThat(hagate.runs*.command.unique()).containsExactly(
                "./hagate run --reports 'reports' --scenario 'kill-galera-node' --scenario 'kill-haproxy' --scenario 'partition-rabbitmq'")
        assertThat(hagate.runs*.node).containsOnly('hagate-lab')
        assertThat(hagate.runs*.runDir.unique()).hasSize(3)
        assertThat(env.HAGATE_NIGHTLY).isEqualTo('true')
    }

    @Test
    void repeat_isAParam() {
        nightly(repeat: 5, scenarios: ['kill-haproxy'])
        assertThat(hagate.runs).hasSize(5)
        assertThat(hagate.runs*.scenarios).containsOnly(['kill-haproxy'])
    }

    @Test
    void allGreen_isSuccess() {
        nightly()

        assertThat(build.result).isEqualTo('SUCCESS')
        assertThat(build.description).isEqualTo('HA nightly: PASS (3 scenarios x 3 runs)')
    }

    @Test
    void namesTheScenariosThatRegressedSinceTheLastGreenNight() {
        earlierNights()
        hagate.verdict = { String s, int run ->
            s == 'kill-galera-node' && run != 2 ? 'fail'
                    : s == 'partition-rabbitmq' && run == 2 ? 'fail'
                    : s == 'kill-haproxy' && run == 2 ? 'error' : 'pass'
        }

        def exitCode = nightly()

        assertThat(exitCode).isEqualTo(1)
        assertThat(build.result).isEqualTo('FAILURE')
        assertThat(build.description).isEqualTo('HA nightly: FAIL (' +
                'regressed since #40, the last green night: kill-galera-node (2/3 runs failed); ' +
                'failing (not held in #40): partition-rabbitmq (1/3 runs failed); ' +
                'lab errors: kill-haproxy (1/3 runs broke the lab))')
        // The last green night is #40: not the gate builds #43 and #41, not the red night #42.
        assertThat(argsOf('copyArtifacts').find { it.filter == 'reports/runs/*/summary.json' }).isEqualTo(
                [projectName: 'hagate', selector: [$class: 'SpecificBuildSelector', buildNumber: '40'],
                 filter     : 'reports/runs/*/summary.json', target: '.hagate/build-40', optional: true, fingerprintArtifacts: false])
    }

    @Test
    void carriesThePreviousNightsAllureHistory_intoEveryRunsResults_beforeTheReportIsMade() {
        earlierNights()
        List<String> historiesWhenAllureRan = []
        helper.registerAllowedMethod('allure', [Map], { Map args ->
            args.results.each { historiesWhenAllureRan << hagate.files["${it.path}/history/history.json".toString()] }
        })

        nightly()

        // The previous night, whatever its result, is #42.
        assertThat(argsOf('copyArtifacts').find { it.filter == 'allure-nightly/history/**' }).isEqualTo(
                [projectName: 'hagate', selector: [$class: 'SpecificBuildSelector', buildNumber: '42'],
                 filter     : 'allure-nightly/history/**', target: '.hagate/previous-night', optional: true, fingerprintArtifacts: false])
        List<String> results = hagate.runs.collect { "${it.runDir}/allure-results".toString() }
        assertThat(historiesWhenAllureRan).containsExactly(PREVIOUS_HISTORY, PREVIOUS_HISTORY, PREVIOUS_HISTORY)
        results.each { assertThat(hagate.files["${it}/history/history-trend.json".toString()]).isEqualTo('[]') }
        assertThat(argsOf('allure')).containsExactly([results: results.collect { [path: it] }, report: 'allure-nightly'])
        // ...and keeps tonight's for the next night.
        assertThat(argsOf('archiveArtifacts')).contains([artifacts: 'allure-nightly/history/**', allowEmptyArchive: true])
    }

    @Test
    void publishesEveryRun() {
        nightly()

        List<String> runDirs = hagate.runs*.runDir
        assertThat(argsOf('archiveArtifacts')[0]).isEqualTo([artifacts: runDirs.collect { "${it}/**" }.join(','), allowEmptyArchive: true])
        assertThat(argsOf('junit')).containsExactly([testResults: runDirs.collect { "${it}/junit.xml" }.join(','), allowEmptyResults: true,
                                                    skipMarkingBuildUnstable: true])
        assertThat(stages).containsExactly('checkout', 'run 1', 'run 2', 'run 3', 'publish')
    }

    @Test
    void theFirstNight_hasNothingToCompareWithOrCarry() {
        hagate.verdict = { s, n -> s == 'kill-haproxy' ? 'fail' : 'pass' }

        nightly()

        assertThat(calls('copyArtifacts')).isEmpty()
        assertThat(build.result).isEqualTo('FAILURE')
        assertThat(build.description).isEqualTo('HA nightly: FAIL (failing (no green night to compare with): kill-haproxy (3/3 runs failed))')
        assertThat(log).contains('HA nightly: no earlier night, the Allure trends start here')
        assertThat(argsOf('allure')).hasSize(1)
    }

    @Test
    void labErrorsOnly_areNoVerdict() {
        hagate.verdict = { s, n -> s == 'kill-haproxy' && n == 3 ? 'error' : 'pass' }

        assertThat(nightly()).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo(
                'HA nightly: no verdict: infrastructure failure (exit 3), retry (lab errors: kill-haproxy (1/3 runs broke the lab))')
    }

    @Test
    void badInput_stopsRepeating() {
        hagate.exitBeforeWriting = 2

        assertThat(nightly()).isEqualTo(2)
        assertThat(hagate.runs).hasSize(1)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo('HA nightly: no verdict: bad input (exit 2) (the console log names the file, line and field)')
        assertThat(calls('junit')).isEmpty()
    }

    @Test
    void aBrokenDeployment_isNamed() {
        hagate.deploymentError = 'keepalived: VIP 10.77.0.10 never came up'

        assertThat(nightly()).isEqualTo(1)
        assertThat(build.description).isEqualTo('HA nightly: FAIL (deployment failed: keepalived: VIP 10.77.0.10 never came up)')
    }

    @Test
    void withoutCopyArtifact_theVerdictStands() {
        earlierNights()
        helper.registerAllowedMethod('copyArtifacts', [Map], { Map m -> throw new NoSuchMethodError('No such DSL method copyArtifacts') })
        hagate.verdict = { s, n -> s == 'kill-galera-node' ? 'fail' : 'pass' }

        assertThat(nightly()).isEqualTo(1)
        assertThat(build.result).isEqualTo('FAILURE')
        assertThat(build.description).startsWith('HA nightly: FAIL (failing (not held in #40): kill-galera-node (3/3 runs failed))')
        assertThat(argsOf('allure')).hasSize(1)
    }

    @Test
    void aFailedCheckout_isNoVerdict() {
        helper.registerAllowedMethod('checkout', [Map], { Map m -> throw new IOException('Connection reset') })

        assertThat(nightly()).isEqualTo(3)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo('HA nightly: no verdict: infrastructure failure (exit 3), retry (Connection reset)')
        assertThat(hagate.runs).isEmpty()
    }

    @Test
    void noScenario_isBadInputNotAPass() {
        hagate.scenarios = []

        assertThat(nightly()).isEqualTo(2)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(hagate.runs).isEmpty()
    }

    @Test
    void previousNightly_skipsGateBuilds_andLooksBackOnlySoFar() {
        earlierNights()

        assertThat(haNightly.previousNightly(false, 50)).isEqualTo(42)
        assertThat(haNightly.previousNightly(true, 50)).isEqualTo(40)
        assertThat(haNightly.previousNightly(true, 3)).isNull()
    }

    @Test
    void aRunnerDefect_stopsRepeating_andIsNoVerdict() {
        hagate.exitBeforeWriting = 4

        assertThat(nightly()).isEqualTo(4)
        assertThat(hagate.runs).hasSize(1)
        assertThat(build.result).isEqualTo('NOT_BUILT')
        assertThat(build.description).isEqualTo(
                'HA nightly: no verdict: runner defect (exit 4), not retried; report it to hagate (the console log has the stack trace)')
    }
}
