package dev.hagate.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Before
import org.junit.Test

/**
 * The Jenkinsfile loads the library (at a hagate change's own revision) and picks the step by how the build
 * was started; the steps themselves are tested apart. JenkinsPipelineUnit 1.1 has no library step: the
 * test records the version asked for, and the steps are the ones HagateLibraryTestBase loaded from vars/.
 */
class JenkinsfileTest extends HagateLibraryTestBase {

    static final String TIMER = 'hudson.triggers.TimerTrigger$TimerTriggerCause'

    Map<String, List<Map>> stepCalls = [haGate: [], haNightly: [], haShard: []]
    List<String> librariesLoaded = []

    @Before
    @Override
    void setUp() throws Exception {
        scriptRoots += LIBRARY_ROOT.path
        super.setUp()
        ['parameters', 'pipelineTriggers'].each { helper.registerAllowedMethod(it, [List], null) }
        ['booleanParam', 'gerrit', 'patchsetCreated', 'commentAddedContains'].each { helper.registerAllowedMethod(it, [Map], null) }
        helper.registerAllowedMethod('cron', [String], null)
        helper.registerAllowedMethod('library', [String], { String identifier -> librariesLoaded << identifier })
        params.putAll(NIGHTLY: false, REPEAT: '3', SHARDS: '1', RETRIES: '2')
    }

    private void runJenkinsfile() {
        Script jenkinsfile = loadScript('Jenkinsfile')
        stepCalls.each { name, recorded -> helper.registerAllowedMethod(name, [Map], { Map p -> recorded << p; 0 }) }
        runScript(jenkinsfile)
    }

    @Test
    void aChange_runsTheGateOnALabAgent_withTimestamps() {
        runJenkinsfile()

        assertThat(stepCalls.haGate).containsExactly([label: 'hagate-lab', retries: 2])
        assertThat(stepCalls.haNightly).isEmpty()
        assertThat(stepCalls.haShard).isEmpty()
        assertThat(calls('timestamps')).hasSize(1)
        assertThat(argsOf('timeout')).containsExactly([time: 6, unit: 'HOURS'])
    }

    @Test
    void retries_isAParam() {
        params.RETRIES = '0'

        runJenkinsfile()

        assertThat(stepCalls.haGate).containsExactly([label: 'hagate-lab', retries: 0])
        assertThat(argsOf('timeout')).containsExactly([time: 2, unit: 'HOURS'])
    }

    @Test
    void aChangeToHagate_loadsTheLibraryAtTheChangesOwnRevision() {
        env.putAll(GERRIT_PROJECT: 'x/hagate', GERRIT_PATCHSET_REVISION: '0123456789abcdef0123456789abcdef01234567',
                GERRIT_REFSPEC: 'refs/changes/34/1234/5')

        runJenkinsfile()

        assertThat(librariesLoaded).containsExactly('hagate@0123456789abcdef0123456789abcdef01234567')
    }

    @Test
    void aChangeToAnotherProject_andANight_loadTheLibrarysDefaultVersion() {
        env.putAll(GERRIT_PROJECT: 'openstack/keystone', GERRIT_PATCHSET_REVISION: '0123456789abcdef0123456789abcdef01234567')
        runJenkinsfile()
        env.clear()
        build.causes << TIMER
        runJenkinsfile()

        assertThat(librariesLoaded).containsExactly('hagate', 'hagate')
    }

    @Test
    void theTimer_runsTheNight() {
        build.causes << TIMER

        runJenkinsfile()

        assertThat(stepCalls.haNightly).containsExactly([label: 'hagate-lab', repeat: 3])
        assertThat(stepCalls.haGate).isEmpty()
    }

    @Test
    void theNightlyParam_runsTheNight() {
        params.NIGHTLY = true
        params.REPEAT = '5'

        runJenkinsfile()

        assertThat(stepCalls.haNightly).containsExactly([label: 'hagate-lab', repeat: 5])
    }

    @Test
    void shards_spreadTheGatePlan() {
        params.SHARDS = '3'

        runJenkinsfile()

        assertThat(stepCalls.haShard).containsExactly([label: 'hagate-lab', shards: 3, plan: 'gate', retries: 2])
        assertThat(stepCalls.haGate).isEmpty()
    }

    @Test
    void declaresTheGerritAndCronTriggers() {
        runJenkinsfile()

        assertThat(argsOf('cron')).containsExactly('H 2 * * *')
        Map gerrit = argsOf('gerrit')[0] as Map
        assertThat(gerrit.serverName).isEqualTo('__ANY__')
        assertThat(gerrit.gerritProjects[0].pattern).isEqualTo('hagate')
    }
}
