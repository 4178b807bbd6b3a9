package dev.hagate.jenkins

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library
import static com.lesfurets.jenkins.unit.global.lib.LocalSource.localSource
import static org.assertj.core.api.Assertions.assertThat

import java.nio.file.Files

import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The Jenkinsfile picks the step by how the build was started; the steps themselves are tested apart. */
class JenkinsfileTest extends HagateLibraryTestBase {

    static final String TIMER = 'hudson.triggers.TimerTrigger$TimerTriggerCause'

    @Rule
    public TemporaryFolder libraries = new TemporaryFolder()

    Map<String, List<Map>> stepCalls = [haGate: [], haNightly: [], haShard: []]

    @Before
    @Override
    void setUp() throws Exception {
        scriptRoots += LIBRARY_ROOT.path
        super.setUp()
        // @Library('hagate') loads <dir>/hagate@master: point it at this repository, as Jenkins would clone it.
        Files.createSymbolicLink(libraries.root.toPath().resolve('hagate@master'), LIBRARY_ROOT.toPath())
        helper.registerSharedLibrary(library().name('hagate').defaultVersion('master').allowOverride(false)
                .implicit(false).targetPath(libraries.root.path).retriever(localSource(libraries.root.path)).build())
        ['parameters', 'pipelineTriggers'].each { helper.registerAllowedMethod(it, [List], null) }
        ['booleanParam', 'gerrit', 'patchsetCreated', 'commentAddedContains'].each { helper.registerAllowedMethod(it, [Map], null) }
        helper.registerAllowedMethod('cron', [String], null)
        params.putAll(NIGHTLY: false, REPEAT: '3', SHARDS: '1')
    }

    private void runJenkinsfile() {
        Script jenkinsfile = loadScript('Jenkinsfile')
        // After loading: the library's own steps were registered then, and these replace them.
        stepCalls.each { name, recorded -> helper.registerAllowedMethod(name, [Map], { Map p -> recorded << p; 0 }) }
        runScript(jenkinsfile)
    }

    @Test
    void aChange_runsTheGateOnALabAgent() {
        runJenkinsfile()

        assertThat(stepCalls.haGate).containsExactly([label: 'hagate-lab'])
        assertThat(stepCalls.haNightly).isEmpty()
        assertThat(stepCalls.haShard).isEmpty()
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

        assertThat(stepCalls.haShard).containsExactly([label: 'hagate-lab', shards: 3, plan: 'gate'])
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
