package dev.hagate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.MethodCall
import groovy.json.JsonSlurper
import org.junit.Before

/**
 * Loads the library's steps from vars/ as Jenkins would make them global variables (its classes in src/
 * are on the test classpath), and mocks the Pipeline steps they use over a FakeHagate workspace and a
 * FakeBuild.
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
    /** Every lock(resource: ...) taken, in order. */
    List<String> locks = []
    /** The stages entered, in order. */
    List<String> stages = []

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
        helper.registerAllowedMethod('readJSON', [Map], { Map args ->
            // readJSON without returnPojo gives JSONNull for null, which the steps must not see.
            assert args.returnPojo == true: "readJSON(${args}) without returnPojo: true"
            args.text != null ? new JsonSlurper().parseText(args.text as String) : hagate.readJson(args.file as String)
        })
        helper.registerAllowedMethod('readYaml', [Map], { Map args ->
            def file = hagate.files[args.file as String]
            if (file instanceof Map) {
                return file
            }
            String plan = (args.file as String).replaceAll(/^scenarios\/|\.yaml$/, '')
            [plan: plan, scenarios: hagate.plans[plan]]
        })
        helper.registerAllowedMethod('findFiles', [Map], { Map args -> hagate.find(args.glob as String) })
        helper.registerAllowedMethod('specific', [String], { String n -> [$class: 'SpecificBuildSelector', buildNumber: n] })
        helper.registerAllowedMethod('copyArtifacts', [Map], { Map args -> hagate.copyArtifacts(args) })
        // As the JUnit plugin does: failed test cases make the build UNSTABLE, unless told not to.
        helper.registerAllowedMethod('junit', [Map], { Map args ->
            boolean failures = (args.testResults as String).split(',').any { xml ->
                def summary = hagate.files[xml.replace('junit.xml', 'summary.json')]
                summary && summary.scenarios.any { it.verdict != 'pass' }
            }
            if (failures && !args.skipMarkingBuildUnstable) {
                build.result = 'UNSTABLE'
            }
        })
        helper.registerAllowedMethod('stage', [String, Closure], { String name, Closure body ->
            stages << name
            helper.callClosure(body)
        })
        helper.registerAllowedMethod('timestamps', [Closure], { Closure body -> helper.callClosure(body) })
        helper.registerAllowedMethod('lock', [Map], { Map args -> throw new IllegalArgumentException('lock needs a body') })
        helper.registerAllowedMethod('lock', [Map, Closure], { Map args, Closure body ->
            locks << (args.resource as String)
            helper.callClosure(body)
        })
        helper.registerAllowedMethod('error', [String], { String message -> throw new IllegalStateException(message) })
        // retry with conditions, as Jenkins runs it: the body again while it fails as a condition allows
        // (agent(): the agent was removed or lost), at most count times in all; anything else propagates.
        helper.registerAllowedMethod('agent', [], { -> [$class: 'AgentErrorCondition'] })
        helper.registerAllowedMethod('nonresumable', [], { -> [$class: 'NonresumableCondition'] })
        helper.registerAllowedMethod('retry', [Map, Closure], { Map args, Closure body ->
            int count = args.count as int
            assert count >= 1: "retry(count: ${count})"
            for (int i = 1; ; i++) {
                try {
                    return helper.callClosure(body)
                } catch (FakeBuild.AgentRemoved e) {
                    boolean agentCondition = (args.conditions ?: []).any { it.$class == 'AgentErrorCondition' }
                    if (!agentCondition || i >= count) {
                        throw e
                    }
                    log << "retry: ${e.message}; retrying".toString()
                }
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
