package dev.hagate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.MethodCall
import org.junit.Before

/**
 * Loads the library's steps from vars/ as Jenkins would make them global variables, and mocks the
 * Pipeline steps they use over a FakeHagate workspace and a FakeBuild.
 */
abstract class HagateLibraryTestBase extends BasePipelineTest {

    /** The repository root, which is the library (vars/ at its top), as Jenkins checks it out. */
    static final File LIBRARY_ROOT = new File(System.getProperty('hagate.library.root', '..')).canonicalFile
    static final String REPO_URL = 'ssh://jenkins@gerrit.example.org:29418/hagate'

    FakeBuild build = new FakeBuild(number: 42)
    FakeHagate hagate = new FakeHagate()
    Map<String, Object> env = [JOB_NAME: 'hagate']
    Map<String, Object> params = [:]
    List<String> log = []

    Script haGate
    Script haNightly
    Script haShard

    @Before
    @Override
    void setUp() throws Exception {
        scriptRoots += new File(LIBRARY_ROOT, 'vars').path
        scriptExtension = 'groovy'
        super.setUp()
        binding.setVariable('currentBuild', build)
        binding.setVariable('env', env)
        binding.setVariable('params', params)
        binding.setVariable('scm', [$class: 'GitSCM', userRemoteConfigs: [[url: REPO_URL, credentialsId: 'gerrit-ssh']]])
        registerSteps()
        haGate = loadVar('haGate')
        haNightly = loadVar('haNightly')
        haShard = loadVar('haShard')
    }

    /** The current build, replaced (for a history of earlier builds) before the step runs. */
    void setBuild(FakeBuild replacement) {
        this.@build = replacement
        binding.setVariable('currentBuild', replacement)
    }

    private Script loadVar(String name) {
        Script script = loadScript("${name}.groovy")
        binding.setVariable(name, script)
        helper.registerAllowedMethod(name, [Map], { Map p -> script.invokeMethod('call', [p] as Object[]) })
        helper.registerAllowedMethod(name, [], { -> script.invokeMethod('call', [] as Object[]) })
        return script
    }

    private void registerSteps() {
        helper.registerAllowedMethod('sh', [Map], { Map args -> hagate.sh(args) })
        helper.registerAllowedMethod('sh', [String], { String script -> hagate.sh([script: script]) })
        helper.registerAllowedMethod('echo', [String], { String message -> log << message })
        helper.registerAllowedMethod('node', [String, Closure], { String label, Closure body ->
            String outer = hagate.node
            hagate.node = label
            try {
                return helper.callClosure(body)
            } finally {
                hagate.node = outer
            }
        })
        helper.registerAllowedMethod('fileExists', [String], { String path -> hagate.exists(path) })
        helper.registerAllowedMethod('readJSON', [Map], { Map args -> hagate.readJson(args.file as String) })
        helper.registerAllowedMethod('readYaml', [Map], { Map args ->
            String plan = (args.file as String).replaceAll(/^scenarios\/|\.yaml$/, '')
            [plan: plan, scenarios: hagate.plans[plan]]
        })
        helper.registerAllowedMethod('findFiles', [Map], { Map args -> hagate.find(args.glob as String) })
        helper.registerAllowedMethod('specific', [String], { String n -> [$class: 'SpecificBuildSelector', buildNumber: n] })
        helper.registerAllowedMethod('copyArtifacts', [Map], { Map args -> hagate.copyArtifacts(args) })
        // As the JUnit plugin does: failed test cases make the build UNSTABLE.
        helper.registerAllowedMethod('junit', [Map], { Map args ->
            boolean failures = (args.testResults as String).split(',').any { xml ->
                def summary = hagate.files[xml.replace('junit.xml', 'summary.json')]
                summary && summary.scenarios.any { it.verdict != 'pass' }
            }
            if (failures) {
                build.result = 'UNSTABLE'
            }
        })
        helper.registerAllowedMethod('allure', [Map], null)
        helper.registerAllowedMethod('stash', [Map], null)
        helper.registerAllowedMethod('unstash', [String], null)
        helper.registerAllowedMethod('checkout', [Map], null)
    }

    /** Calls of a step, in order. */
    List<MethodCall> calls(String step) {
        return helper.callStack.findAll { it.methodName == step }
    }

    /** The first argument of each call of a step. */
    List<Object> argsOf(String step) {
        return calls(step).collect { it.args[0] }
    }
}
