package dev.hagate

import com.cloudbees.groovy.cps.NonCPS

/**
 * The `hagate` command lines the steps run, and what they read back from them. Every word that comes from
 * a parameter or the environment is shell-quoted.
 */
class HagateCommand implements Serializable {

    /**
     * `hagate run` for params (command, reports, changes, scenarios, plan, topology), with the change Gerrit
     * Trigger named when it is of another project, and the CI build Jenkins names in env (JENKINS_URL,
     * BUILD_TAG, BUILD_NUMBER, BUILD_URL, GERRIT_CHANGE_URL), so the reports link to both.
     */
    @NonCPS
    static String run(Map params, env) {
        List<String> words = [executable(params), 'run', '--reports', quote((params.reports ?: 'reports') as String)]
        for (String change : changes(params, env)) {
            words.addAll(['--change', quote(change)])
        }
        for (String scenario : list(params.scenarios)) {
            words.addAll(['--scenario', quote(scenario)])
        }
        if (params.plan) {
            words.addAll(['--plan', quote(params.plan as String)])
        }
        if (params.topology) {
            words.addAll(['--topology', quote(params.topology as String)])
        }
        words.addAll(ciBuild(env))
        return words.join(' ')
    }

    /** `hagate scenarios list --json`: every scenario the checkout knows, for machines. */
    @NonCPS
    static String listScenarios(Map params) {
        return "${executable(params)} scenarios list --json".toString()
    }

    /** The names in the output of `hagate scenarios list --json`, as readJSON(returnPojo: true) gives it. */
    @NonCPS
    static List<String> scenarioNames(List scenarios) {
        return (scenarios ?: []).collect { it.name as String }
    }

    /** The options naming the Jenkins build, from the variables Jenkins sets; none outside Jenkins. */
    @NonCPS
    static List<String> ciBuild(env) {
        if (!env?.BUILD_URL && !env?.JENKINS_URL) {
            return []
        }
        List<String> words = ['--ci', 'Jenkins']
        Map options = ['--ci-url'      : env.JENKINS_URL, '--build-name': env.BUILD_TAG, '--build-number': env.BUILD_NUMBER,
                       '--build-url'   : env.BUILD_URL, '--change-url': env.GERRIT_CHANGE_URL]
        options.each { option, value ->
            if (value) {
                words.addAll([option as String, quote(value as String)])
            }
        }
        return words
    }

    /**
     * The commits under test besides the workspace's own: params.changes ("project=repository@ref", a list or
     * one string separated by spaces or commas), and Gerrit Trigger's change when it is of another project
     * than hagate (GERRIT_PROJECT, fetched from GERRIT_SCHEME://GERRIT_HOST:GERRIT_PORT/GERRIT_PROJECT, or from
     * params.changeUrl, at GERRIT_REFSPEC). hagate resolves the ref and records the commit it tested.
     */
    @NonCPS
    static List<String> changes(Map params, env) {
        List<String> changes = list(params.changes)
        if (gerritChangeOfAnotherProject(params, env)) {
            String url = params.changeUrl ?: "${env.GERRIT_SCHEME ?: 'ssh'}://${env.GERRIT_HOST}:${env.GERRIT_PORT ?: '29418'}/${env.GERRIT_PROJECT}"
            changes.add("${env.GERRIT_PROJECT}=${url}@${env.GERRIT_REFSPEC ?: env.GERRIT_PATCHSET_REVISION}".toString())
        }
        return changes
    }

    /** Whether Gerrit Trigger's event is of a project other than hagate (params.hagateProject, default hagate). */
    @NonCPS
    static boolean gerritChangeOfAnotherProject(Map params, env) {
        String project = params.gerrit != false ? env?.GERRIT_PROJECT : null
        return project ? !isHagate(project, params) : false
    }

    /** Whether a Gerrit project is hagate itself: hagate, or any namespace's hagate (x/hagate). */
    @NonCPS
    static boolean isHagate(String project, Map params = [:]) {
        String hagate = (params.hagateProject ?: 'hagate') as String
        return project == hagate || project.endsWith('/' + hagate)
    }

    /** Names from a list, or from one string separated by spaces or commas. */
    @NonCPS
    static List<String> list(value) {
        if (value == null) {
            return []
        }
        List items = value instanceof Collection ? value as List : value.toString().split(/[\s,]+/) as List
        return items.collect { it.toString().trim() }.findAll { it }
    }

    @NonCPS
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'"
    }

    @NonCPS
    private static String executable(Map params) {
        return (params.command ?: './hagate') as String
    }
}
