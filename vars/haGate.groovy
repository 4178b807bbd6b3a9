#!/usr/bin/env groovy

/*
 * The HA gate as a Pipeline step: check out the change, run `hagate run`, publish its reports, and turn
 * its exit code into the build result Gerrit Trigger votes on.
 *
 * The other methods of this file are the building blocks haNightly and haShard share (called as
 * haGate.runOnce(...) and so on); they are not meant for Jenkinsfiles.
 */

/**
 * Runs the HA gate on one change and sets the build result from its verdict.
 *
 * Exit code of hagate, build result, Gerrit vote (Gerrit Trigger's defaults):
 * 0: SUCCESS, +1; 1: FAILURE, -1; 2 (bad input), 3 (lab broke) and anything else: NOT_BUILT, no vote.
 * A failed gate ends FAILURE, never UNSTABLE, because Gerrit Trigger votes 0 for UNSTABLE.
 *
 * @param params optional settings, see haGate.txt:
 *        label, refspec, revision, url, credentialsId, checkout, scenarios, plan, topology, reports,
 *        command, allure
 * @return hagate's exit code (3 when no run could be made or a pass came without its report)
 */
def call(Map params = [:]) {
    if (params.label) {
        def exitCode = null
        node(params.label as String) {
            exitCode = gate(params)
        }
        return exitCode
    }
    return gate(params)
}

/** The gate on the current node. */
int gate(Map params) {
    if (params.checkout != false) {
        try {
            checkoutChange(params)
        } catch (InterruptedException e) {
            throw e
        } catch (Exception e) {
            // A change that cannot be fetched has not been judged: no vote rather than a -1.
            applyResult(3, describe(3, null, "checkout failed: ${e.message}"))
            return 3
        }
    }
    Map run = runOnce(params)
    publish(run.runDir ? [run.runDir] : [], params)
    applyResult(run.exitCode as int, describe(run.exitCode as int, run.summary, run.failure))
    return run.exitCode as int
}

/**
 * Checks out the change: Gerrit Trigger's GERRIT_REFSPEC and GERRIT_PATCHSET_REVISION (or the params
 * refspec and revision) when there are any, otherwise the job's own scm, that is the newest commit.
 * With gerrit: false the Gerrit variables are ignored.
 */
def checkoutChange(Map params = [:]) {
    // A change to another project (Keystone) reaches the lab through --change; the workspace stays hagate.
    boolean fromGerrit = params.gerrit != false && !gerritChangeOfAnotherProject(params)
    String refspec = params.refspec ?: (fromGerrit ? env.GERRIT_REFSPEC : null)
    String revision = params.revision ?: (fromGerrit ? env.GERRIT_PATCHSET_REVISION : null)
    if (!refspec && !revision) {
        return checkout(scm)
    }
    Map remote = remoteOf(params)
    // A Gerrit change ref is fetched as is; a bare revision is looked for among the branches.
    remote.refspec = refspec ?: '+refs/heads/*:refs/remotes/origin/*'
    return checkout([$class           : 'GitSCM',
                     branches         : [[name: revision ?: 'FETCH_HEAD']],
                     userRemoteConfigs: [remote]])
}

/** The repository to fetch the change from: the param url, or the job's scm. */
Map remoteOf(Map params) {
    Map remote = [:]
    String credentialsId = params.credentialsId
    if (params.url) {
        remote.url = params.url
    } else {
        def configured = scm.userRemoteConfigs[0]
        remote.url = configured.url
        credentialsId = credentialsId ?: configured.credentialsId
    }
    if (credentialsId) {
        remote.credentialsId = credentialsId
    }
    return remote
}

/**
 * Runs `hagate run` once in the workspace and reads what it wrote.
 *
 * @param params scenarios, plan, topology, reports, command; clean: false keeps earlier runs' reports
 * @return [exitCode, runDir (null when nothing was written), summary (null when not readable),
 *         failure (why there is no trustworthy verdict, or null)]
 */
Map runOnce(Map params = [:]) {
    String reports = params.reports ?: 'reports'
    // Without the old link, a run that writes nothing cannot be mistaken for the one before it.
    sh "rm -f ${quote(reports + '/latest')}"
    if (params.clean != false) {
        sh "rm -rf ${quote(reports + '/runs')}"
    }
    int exitCode
    try {
        exitCode = sh(returnStatus: true, script: command(params)) as int
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        // The agent or its connection went away mid-run: the lab broke, the change was not judged.
        return [exitCode: 3, runDir: null, summary: null, failure: "hagate did not finish: ${e.message}"]
    }
    String latest = sh(returnStdout: true, script: "readlink ${quote(reports + '/latest')} || true").trim()
    String runDir = latest ? "${reports}/${latest}".toString() : null
    boolean hasSummary = runDir && fileExists("${runDir}/summary.json")
    Map summary = hasSummary ? readSummary("${runDir}/summary.json") : null
    String failure = null
    if (exitCode == 0 && !hasSummary) {
        // A +1 needs its evidence: a pass with no summary is something broken, not a pass.
        exitCode = 3
        failure = 'hagate exited 0 but wrote no summary.json'
    }
    return [exitCode: exitCode, runDir: runDir, summary: summary, failure: failure]
}

/** summary.json as a Map, or null when it cannot be read (Pipeline Utility Steps missing, bad JSON). */
Map readSummary(String file) {
    try {
        return readJSON(file: file) as Map
    } catch (NoSuchMethodError e) {
        echo "haGate: readJSON is not available (Pipeline Utility Steps); the description stays short"
        return null
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        echo "haGate: cannot read ${file}: ${e.message}"
        return null
    }
}

/** The names of every scenario, from `hagate scenarios list` in the checked-out workspace. */
List<String> listScenarios(Map params = [:]) {
    String out = sh(returnStdout: true, script: "${params.command ?: './hagate'} scenarios list")
    return parseScenarioList(out)
}

/** The scenarios of a plan file: scenarios/NAME.yaml, or the file named. */
List<String> planScenarios(String plan) {
    String file = plan.endsWith('.yaml') || plan.contains('/') ? plan : "scenarios/${plan}.yaml"
    def yaml = readYaml(file: file)
    return scenarioList(yaml?.scenarios)
}

/**
 * Archives the runs, publishes their JUnit results and, when the runs wrote any, their Allure results.
 *
 * @param runDirs run directories, relative to the workspace
 * @param params allure: false skips Allure; allureReport names the report directory
 * @return the Allure results directories found
 */
List<String> publish(List runDirs, Map params = [:]) {
    if (!runDirs) {
        echo 'haGate: hagate wrote no run, nothing to publish'
        return []
    }
    publishRuns(runDirs)
    List<String> results = allureResults(runDirs)
    if (params.allure != false) {
        publishAllure(results, params.allureReport as String)
    }
    return results
}

/** Archives the run directories and publishes their junit.xml. */
void publishRuns(List runDirs) {
    archiveArtifacts(artifacts: joinPaths(runDirs, '/**'), allowEmptyArchive: true)
    junit(testResults: joinPaths(runDirs, '/junit.xml'), allowEmptyResults: true)
}

/** The allure-results directories of the runs that wrote one. */
List<String> allureResults(List runDirs) {
    List<String> found = []
    for (int i = 0; i < runDirs.size(); i++) {
        String dir = "${runDirs[i]}/allure-results"
        if (fileExists(dir)) {
            found.add(dir)
        }
    }
    return found
}

/**
 * Publishes one Allure report over the given results directories.
 * A report that cannot be made (plugin or commandline tool missing) is logged: the vote stands on the
 * exit code, never on the reporting.
 */
void publishAllure(List results, String report = null) {
    if (!results) {
        return
    }
    Map args = [results: resultPaths(results)]
    if (report) {
        args.report = report
    }
    try {
        allure(args)
    } catch (NoSuchMethodError e) {
        echo 'haGate: the Allure plugin is not installed; no Allure report (the vote stands)'
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        echo "haGate: no Allure report (the vote stands): ${e.message}"
    }
}

/**
 * Sets the build result for an exit code and the one-line description.
 * Jenkins only ever worsens a result, so this is called once, after the publishers: JUnit and Allure
 * mark a build with failed tests UNSTABLE, and FAILURE or NOT_BUILT must end up above that.
 */
void applyResult(int exitCode, String description) {
    currentBuild.result = resultFor(exitCode)
    currentBuild.description = description
    echo description
}

@NonCPS
String resultFor(int exitCode) {
    switch (exitCode) {
        case 0: return 'SUCCESS'
        case 1: return 'FAILURE'
        default: return 'NOT_BUILT'
    }
}

/**
 * The verdict of several runs or shards: a measured regression (1) is evidence whatever else happened;
 * then bad input (2), which no retry fixes; then any other failure (3). 0 only when every one passed,
 * and never for no run at all.
 */
@NonCPS
int combine(List exitCodes) {
    if (!exitCodes) {
        return 3
    }
    List<Integer> codes = exitCodes.collect { it as int }
    if (codes.contains(1)) {
        return 1
    }
    if (codes.contains(2)) {
        return 2
    }
    return codes.every { it == 0 } ? 0 : 3
}

@NonCPS
String verdictLabel(int exitCode) {
    switch (exitCode) {
        case 0: return 'PASS +1'
        case 1: return 'FAIL -1'
        case 2: return 'no vote: bad input (exit 2)'
        case 3: return 'no vote: infrastructure failure (exit 3), retry'
        default: return "no vote: hagate exited ${exitCode}".toString()
    }
}

/** `HA gate: FAIL -1 (kill-galera-node: max-outage(sql-writer) 20.2 s, limit 10 s)` */
@NonCPS
String describe(int exitCode, Map summary, String failure = null) {
    String why = reason(exitCode, summary, failure)
    return oneLine("HA gate: ${verdictLabel(exitCode)}" + (why ? " (${why})" : ''))
}

/** Why a run ended as it did, in a few words, from its summary.json. */
@NonCPS
String reason(int exitCode, Map summary, String failure = null) {
    if (failure) {
        return failure
    }
    if (exitCode == 2) {
        return 'the console log names the file, line and field'
    }
    if (summary == null) {
        return null
    }
    List scenarios = summary.scenarios ?: []
    if (exitCode == 0) {
        return scenarios.collect { it.name }.join(', ')
    }
    if (exitCode == 1) {
        if (present(summary.deploymentError)) {
            return "deployment: ${summary.deploymentError}"
        }
        List failed = scenarios.findAll { it.verdict == 'fail' }
        return failed.collect { s ->
            def check = (s.checks ?: []).find { it.passed == false }
            check ? "${s.name}: ${check.name} ${amount(check.value, check.unit)}, limit ${amount(check.limit, check.unit)}"
                    : "${s.name}: failed"
        }.join('; ')
    }
    if (present(summary.labError)) {
        return "lab: ${summary.labError}"
    }
    List broken = scenarios.findAll { present(it.labError) }
    return broken ? broken.collect { "${it.name}: ${it.labError}" }.join('; ') : null
}

/** `20.2 s`, `10 s`, `0 writes`: a check's number as a person writes it. */
@NonCPS
String amount(value, unit) {
    if (!present(value)) {
        return 'no value'
    }
    double rounded = Math.round((value as double) * 100) / 100.0d
    String number = rounded == Math.floor(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded)
    return unit ? "${number} ${unit}" : number
}

/** readJSON gives JSONNull for a JSON null, which Groovy counts as a value. */
@NonCPS
boolean present(value) {
    return value != null && value.toString() != 'null' && value.toString() != ''
}

@NonCPS
String oneLine(String text, int max = 300) {
    String line = text.replaceAll(/\s+/, ' ').trim()
    return line.length() <= max ? line : line.substring(0, max - 1) + '…'
}

/** The shell command of one run. */
@NonCPS
String command(Map params) {
    List<String> words = [(params.command ?: './hagate') as String, 'run', '--reports', quote((params.reports ?: 'reports') as String)]
    for (String change : changeList(params)) {
        words.addAll(['--change', quote(change)])
    }
    for (String scenario : scenarioList(params.scenarios)) {
        words.addAll(['--scenario', quote(scenario)])
    }
    if (params.plan) {
        words.addAll(['--plan', quote(params.plan as String)])
    }
    if (params.topology) {
        words.addAll(['--topology', quote(params.topology as String)])
    }
    return words.join(' ')
}

/**
 * The commits under test besides the workspace's own: params.changes ("project=repository@ref", a list or one
 * string separated by spaces or commas), and Gerrit Trigger's change when it is of another project than
 * hagate (GERRIT_PROJECT, fetched from GERRIT_SCHEME://GERRIT_HOST:GERRIT_PORT/GERRIT_PROJECT, or from
 * params.changeUrl, at GERRIT_REFSPEC). hagate resolves the ref and records the commit it tested.
 */
@NonCPS
List<String> changeList(Map params) {
    List<String> changes = scenarioList(params.changes)
    if (gerritChangeOfAnotherProject(params)) {
        String url = params.changeUrl ?: "${env.GERRIT_SCHEME ?: 'ssh'}://${env.GERRIT_HOST}:${env.GERRIT_PORT ?: '29418'}/${env.GERRIT_PROJECT}"
        changes.add("${env.GERRIT_PROJECT}=${url}@${env.GERRIT_REFSPEC ?: env.GERRIT_PATCHSET_REVISION}".toString())
    }
    return changes
}

/** Whether Gerrit Trigger's event is of a project other than hagate (params.hagateProject, default hagate). */
@NonCPS
boolean gerritChangeOfAnotherProject(Map params) {
    String project = params.gerrit != false ? env.GERRIT_PROJECT : null
    if (!project) {
        return false
    }
    String hagate = (params.hagateProject ?: 'hagate') as String
    return project != hagate && !project.endsWith('/' + hagate)
}

/** Scenario names from a list, or from one string separated by spaces or commas. */
@NonCPS
List<String> scenarioList(value) {
    if (value == null) {
        return []
    }
    List items = value instanceof Collection ? value as List : value.toString().split(/[\s,]+/) as List
    return items.collect { it.toString().trim() }.findAll { it }
}

/** The first word of each line of `hagate scenarios list` (`name  description`). */
@NonCPS
List<String> parseScenarioList(String out) {
    return (out ?: '').readLines().collect { it.trim() }.findAll { it }.collect { it.split(/\s+/)[0] }
}

@NonCPS
String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'"
}

@NonCPS
String joinPaths(List dirs, String suffix) {
    return dirs.collect { "${it}${suffix}" }.join(',')
}

@NonCPS
List<Map> resultPaths(List dirs) {
    return dirs.collect { [path: it.toString()] }
}
