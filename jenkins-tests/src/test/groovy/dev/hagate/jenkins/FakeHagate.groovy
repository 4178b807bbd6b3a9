package dev.hagate.jenkins

import groovy.json.JsonOutput

/**
 * The agent's workspace and the hagate CLI behind the mocked sh, fileExists, readJSON, findFiles and
 * copyArtifacts: each `hagate run` writes a run directory with summary.json, junit.xml and
 * allure-results, and points reports/latest at it, as the real runner does.
 */
class FakeHagate {

    static final String FAILED_CHECK_DETAIL = 'longest outage began 02:00:07; 61 of 400 writes failed'

    /** Every scenario `hagate scenarios list` knows, in its order. */
    List<String> scenarios = ['kill-galera-node']
    /** Scenarios of each plan (scenarios/NAME.yaml). */
    Map<String, List<String>> plans = [gate: ['kill-galera-node']]
    /** A scenario's verdict in the n-th run (from 1): pass, fail or error. */
    Closure<String> verdict = { String scenario, int run -> 'pass' }
    /** When set, `hagate run` exits with it before writing anything (2: bad input; 4: a runner defect). */
    Integer exitBeforeWriting
    /** When set, a run writes no summary.json but exits as its scenarios say. */
    boolean writeSummary = true
    /** When set, the change breaks deployment: exit 1, no scenario run. */
    String deploymentError
    /** Runs (by their scenarios) during which the agent is lost: sh throws. */
    Closure<Boolean> agentLost = { List<String> scenarios -> false }
    boolean writeAllure = true

    /** Artifacts archived by earlier builds: build number -> (path -> content). */
    Map<Integer, Map<String, Object>> archived = [:]

    /** Workspace files: path -> content (summary.json and topologies hold a Map). */
    Map<String, Object> files = ['lab-topology/embedded.yaml'    : [name: 'embedded', lab: [kind: 'netns']],
                                 'lab-topology/libvirt-3ctl.yaml': [name: 'libvirt-3ctl', lab: [kind: 'libvirt']],
                                 'lab-topology/rack-a.yaml'      : [name: 'rack-a', lab: [kind: 'baremetal']]]
    /** Every `hagate run`: [node, scenarios, command, exitCode, runDir]. */
    List<Map> runs = []
    List<String> commands = []
    String node = '(none)'
    private String latest

    Object sh(Map args) {
        String script = args.script
        commands << script
        if (script.contains(' run ')) {
            return run(script)
        }
        if (script.startsWith('readlink ')) {
            return latest ? latest + '\n' : ''
        }
        if (script.contains(' scenarios list --json')) {
            return JsonOutput.prettyPrint(JsonOutput.toJson(scenarios.collect {
                [name: it, description: "what ${it} does to the cloud".toString(), fault: it, file: "scenarios/${it}.yaml".toString()]
            })) + '\n'
        }
        if (script.startsWith('rm ')) {
            quoted(script).each { remove(it) }
            return args.returnStatus ? 0 : null
        }
        if (script.startsWith('mkdir -p ') && script.contains(' && cp -R ')) {
            List<String> paths = quoted(script)
            String from = paths[1] - ~/\/\.$/
            String into = paths[2] - ~/\/$/
            files.keySet().findAll { it.startsWith(from + '/') }.each { files[into + it.substring(from.length())] = files[it] }
            files[into] = 'dir'
            return null
        }
        return args.returnStatus ? 0 : args.returnStdout ? '' : null
    }

    private int run(String script) {
        List<String> args = quoted(script)
        List<String> words = script.split(' ') as List
        String reports = valueAfter(words, args, '--reports')
        List<String> named = []
        words.eachWithIndex { w, i -> if (w == '--scenario') { named << unquote(words[i + 1]) } }
        String plan = valueAfter(words, args, '--plan') ?: 'gate'
        List<String> toRun = named ?: plans[plan]
        int n = runs.size() + 1
        if (agentLost(toRun)) {
            runs << [node: node, scenarios: toRun, command: script, exitCode: null, runDir: null]
            throw new IOException('Cannot contact lab-7: java.nio.channels.ClosedChannelException')
        }
        if (exitBeforeWriting != null) {
            runs << [node: node, scenarios: toRun, command: script, exitCode: exitBeforeWriting, runDir: null]
            return exitBeforeWriting
        }
        String id = String.format('20261123-02%02d00-%04x', n, 0xa000 + n)
        String runDir = "${reports}/runs/${id}"
        Map summary = summary(id, deploymentError ? [] : toRun, n)
        if (writeSummary) {
            files["${runDir}/summary.json".toString()] = summary
        }
        files["${runDir}/junit.xml".toString()] = '<testsuites/>'
        if (writeAllure) {
            files["${runDir}/allure-results".toString()] = 'dir'
            files["${runDir}/allure-results/${id}-result.json".toString()] = '{}'
        }
        latest = "runs/${id}"
        runs << [node: node, scenarios: toRun, command: script, exitCode: summary.exitCode, runDir: runDir]
        return summary.exitCode as int
    }

    private Map summary(String id, List<String> toRun, int n) {
        List<Map> results = toRun.collect { name ->
            String v = verdict(name, n)
            Map s = [name: name, verdict: v, fault: 'SIGKILL mariadbd on ctl1', histories: name]
            if (v == 'error') {
                s.labError = 'ctl2: ssh: connection refused'
                s.checks = []
            } else {
                s.checks = [[name: 'max-outage(sql-writer)', value: v == 'fail' ? 20.2 : 6.09, limit: 10.0, unit: 's',
                             passed: v != 'fail', detail: v == 'fail' ? FAILED_CHECK_DETAIL : 'fine'],
                            [name: 'lost-writes(sql-writer)', value: 0.0, limit: 0.0, unit: 'writes', passed: true,
                             detail: 'all acknowledged writes read back']]
            }
            s
        }
        int exitCode = deploymentError || results.any { it.verdict == 'fail' } ? 1
                : results.any { it.verdict == 'error' } ? 3 : 0
        Map summary = [runId: id, verdict: ['pass', 'fail', 'error', 'error'][exitCode], vote: ['+1', '-1', '0', '0'][exitCode],
                       exitCode: exitCode, change: [project: 'hagate-deployment', commit: 'abc123', dirty: 'false'],
                       scenarios: results]
        if (deploymentError) {
            summary.deploymentError = deploymentError
        }
        return summary
    }

    boolean exists(String path) {
        return files.containsKey(path) || files.keySet().any { it.startsWith(path + '/') }
    }

    Object readJson(String path) {
        if (!files.containsKey(path)) {
            throw new FileNotFoundException(path)
        }
        return files[path]
    }

    List<Map> find(String glob) {
        return files.keySet().findAll { it ==~ regex(glob) }.sort().collect { [path: it, name: it.tokenize('/').last()] }
    }

    /** copyArtifacts: the artifacts of the selected build matching filter land under target. */
    void copyArtifacts(Map args) {
        int number = (args.selector.buildNumber as String) as int
        Map<String, Object> artifacts = archived[number] ?: [:]
        artifacts.findAll { path, content -> path ==~ regex(args.filter as String) }.each { path, content ->
            files["${args.target}/${path}".toString()] = content
        }
    }

    private void remove(String path) {
        if (path.endsWith('/latest')) {
            latest = null
        }
        files.keySet().removeAll { it == path || it.startsWith(path + '/') }
    }

    static String regex(String glob) {
        return glob.split(',').collect { one ->
            one.trim().replace('.', '\\.').replace('**', '\u0000').replace('*', '[^/]*').replace('\u0000', '.*')
        }.join('|')
    }

    private static List<String> quoted(String script) {
        return (script =~ /'([^']*)'/).collect { it[1] }
    }

    private static String valueAfter(List<String> words, List<String> quotedArgs, String option) {
        int i = words.indexOf(option)
        return i < 0 ? null : unquote(words[i + 1])
    }

    private static String unquote(String word) {
        return word.replaceAll(/^'|'$/, '')
    }
}
