#!/usr/bin/env groovy

/*
 * The nightly HA regression: every scenario, several times, on the newest commit, so that a flaky
 * failover shows up as "failed 1 of 3" instead of hiding behind one lucky run.
 *
 * Nightly builds mark themselves with the build variable HAGATE_NIGHTLY=true, so a job that also runs
 * the per-change gate (see the Jenkinsfile) can tell its nights apart when it looks back.
 *
 * Allure history: the previous night's archived <allureReport>/history is copied (Copy Artifact plugin)
 * into each new allure-results/history before the report is made, and this night's history is
 * archived for the next one. Artifacts rather than the workspace: the next night may run on another
 * agent, in a wiped or different workspace, and archived files stay with the build on the controller
 * (also with an external artifact manager, where the Allure plugin's own copy, which reads the build
 * directory, finds nothing). The report directory defaults to allure-nightly rather than allure-report
 * so that neither copy ever takes a per-change gate build's history for the previous night's.
 */

/**
 * Runs the nightly HA regression and sets the build result from it; the description names the
 * scenarios that regressed since the last green night.
 *
 * @param params optional settings, see haNightly.txt:
 *        label, repeat, scenarios, plan, lookback, allureReport, plus haGate's url, credentialsId,
 *        topology, reports, command, allure
 * @return the combined exit code of the runs (0, 1, 2 or 3)
 */
def call(Map params = [:]) {
    if (params.label) {
        def exitCode = null
        node(params.label as String) {
            exitCode = nightly(params)
        }
        return exitCode
    }
    return nightly(params)
}

int nightly(Map params) {
    int repeat = (params.repeat == null ? 3 : params.repeat) as int
    String reports = params.reports ?: 'reports'
    String reportDir = params.allureReport ?: 'allure-nightly'
    int lookback = (params.lookback ?: 50) as int
    env.HAGATE_NIGHTLY = 'true'
    if (repeat < 1) {
        haGate.applyResult(2, "HA nightly: ${haGate.verdictLabel(2)} (repeat must be at least 1, not ${repeat})")
        return 2
    }

    List<String> scenarios = haGate.scenarioList(params.scenarios)
    try {
        // The newest commit, whatever change a Gerrit event may have left in the environment.
        haGate.checkoutChange(params + [gerrit: false, refspec: null, revision: null])
        if (!scenarios) {
            scenarios = params.plan ? haGate.planScenarios(params.plan as String) : haGate.listScenarios(params)
        }
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        haGate.applyResult(3, "HA nightly: no verdict: ${haGate.verdictLabel(3).replace('no vote: ', '')} (${e.message})")
        return 3
    }
    if (!scenarios) {
        haGate.applyResult(2, "HA nightly: no verdict: ${haGate.verdictLabel(2).replace('no vote: ', '')} (no scenario to run)")
        return 2
    }
    sh "rm -rf ${haGate.quote(reports + '/runs')} ${haGate.quote(reportDir)} ${haGate.quote('.hagate')}"

    List<Map> runs = []
    for (int i = 1; i <= repeat; i++) {
        echo "HA nightly: run ${i} of ${repeat} (${scenarios.join(', ')})"
        Map run = haGate.runOnce(params + [scenarios: scenarios, plan: null, clean: false])
        runs.add(run)
        if (run.exitCode == 2) {
            echo 'HA nightly: bad input does not get better by repeating; stopping'
            break
        }
    }

    List<String> runDirs = runDirsOf(runs)
    if (runDirs) {
        haGate.publishRuns(runDirs)
    }
    if (params.allure != false) {
        List<String> results = haGate.allureResults(runDirs)
        if (results) {
            carryAllureHistory(results, reportDir, lookback)
            haGate.publishAllure(results, reportDir)
            archiveArtifacts(artifacts: "${reportDir}/history/**".toString(), allowEmptyArchive: true)
        }
    }

    Integer green = previousNightly(true, lookback)
    List<Map> greenSummaries = green == null ? [] : summariesOf(green, reports)
    Map comparison = compareNights(greenSummaries, summariesOfRuns(runs))
    int exitCode = haGate.combine(exitCodesOf(runs))
    haGate.applyResult(exitCode, nightlySummary(exitCode, comparison, green, runs.size(), scenarios.size(), firstFailure(runs)))
    return exitCode
}

/**
 * The number of the newest earlier nightly build (a green one with greenOnly), looking back at most
 * lookback builds, or null.
 */
Integer previousNightly(boolean greenOnly, int lookback = 50) {
    def build = currentBuild.previousBuild
    for (int seen = 0; build != null && seen < lookback; seen++) {
        Map vars = build.buildVariables ?: [:]
        if (vars.HAGATE_NIGHTLY == 'true' && (!greenOnly || build.result == 'SUCCESS')) {
            return build.number as Integer
        }
        build = build.previousBuild
    }
    return null
}

/** The summary.json of every run that build archived. */
List<Map> summariesOf(int buildNumber, String reports) {
    String target = ".hagate/build-${buildNumber}"
    List<Map> summaries = []
    if (!copyFrom(buildNumber, "${reports}/runs/*/summary.json", target)) {
        return summaries
    }
    def files = findFiles(glob: "${target}/${reports}/runs/*/summary.json".toString())
    for (int i = 0; i < files.size(); i++) {
        Map summary = haGate.readSummary(files[i].path as String)
        if (summary != null) {
            summaries.add(summary)
        }
    }
    return summaries
}

/** Copies the previous night's Allure history into each results directory; false when there is none. */
boolean carryAllureHistory(List<String> results, String reportDir, int lookback = 50) {
    Integer previous = previousNightly(false, lookback)
    if (previous == null) {
        echo 'HA nightly: no earlier night, the Allure trends start here'
        return false
    }
    String target = '.hagate/previous-night'
    String history = "${target}/${reportDir}/history"
    if (!copyFrom(previous, "${reportDir}/history/**", target) || !fileExists(history)) {
        echo "HA nightly: build #${previous} archived no Allure history"
        return false
    }
    for (int i = 0; i < results.size(); i++) {
        String into = "${results[i]}/history"
        sh "mkdir -p ${haGate.quote(into)} && cp -R ${haGate.quote(history + '/.')} ${haGate.quote(into + '/')}"
    }
    return true
}

/**
 * Copies artifacts of an earlier build of this job; false when that cannot be done. A missing Copy
 * Artifact plugin or permission costs the comparison, not the night's verdict.
 */
boolean copyFrom(int buildNumber, String filter, String target) {
    try {
        copyArtifacts(projectName: currentBuild.fullProjectName ?: env.JOB_NAME,
                selector: specific("${buildNumber}".toString()),
                filter: filter, target: target, optional: true, fingerprintArtifacts: false)
        return true
    } catch (NoSuchMethodError e) {
        echo 'HA nightly: the Copy Artifact plugin is not installed; nothing carried over from earlier nights'
        return false
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        echo "HA nightly: cannot copy ${filter} from build #${buildNumber}: ${e.message}"
        return false
    }
}

/**
 * What changed since the last green night, per scenario.
 *
 * @param lastGreen summaries of the last green night's runs (empty when there was none)
 * @param tonight summaries of tonight's runs
 * @return regressed: failed tonight, held in the last green night; failing: failed tonight, not run in
 *         the last green night (or there was none); errors: only lab errors tonight. Each a list of
 *         [name, failed, errors, runs], in the order scenarios first appear tonight.
 *         deployment: tonight's distinct deployment errors.
 */
@NonCPS
Map compareNights(List lastGreen, List tonight) {
    Set<String> held = [] as Set
    for (summary in lastGreen) {
        for (s in (summary.scenarios ?: [])) {
            if (s.verdict == 'pass') {
                held << s.name.toString()
            }
        }
    }
    Map<String, Map> counts = [:]
    List<String> deployment = []
    for (summary in tonight) {
        if (haGate.present(summary.deploymentError)) {
            deployment << summary.deploymentError.toString()
        }
        for (s in (summary.scenarios ?: [])) {
            String name = s.name.toString()
            Map c = counts[name] ?: (counts[name] = [name: name, failed: 0, errors: 0, runs: 0])
            c.runs++
            if (s.verdict == 'fail') {
                c.failed++
            } else if (s.verdict == 'error') {
                c.errors++
            }
        }
    }
    List<Map> all = counts.values() as List
    return [regressed : all.findAll { it.failed > 0 && held.contains(it.name) },
            failing   : all.findAll { it.failed > 0 && !held.contains(it.name) },
            errors    : all.findAll { it.failed == 0 && it.errors > 0 },
            deployment: deployment.unique()]
}

/** `HA nightly: FAIL (regressed since #39, the last green night: kill-galera-node (2/3 runs failed))` */
@NonCPS
String nightlySummary(int exitCode, Map comparison, Integer green, int runs, int scenarios, String firstFailure = null) {
    String head = exitCode == 0 ? 'PASS' : exitCode == 1 ? 'FAIL' : "no verdict: ${haGate.verdictLabel(exitCode).replace('no vote: ', '')}"
    List<String> parts = []
    if (comparison.regressed) {
        parts << "regressed since #${green}, the last green night: ${counted(comparison.regressed, 'failed')}".toString()
    }
    if (comparison.failing) {
        String since = green == null ? 'no green night to compare with' : "not held in #${green}"
        parts << "failing (${since}): ${counted(comparison.failing, 'failed')}".toString()
    }
    if (comparison.deployment) {
        parts << "deployment failed: ${comparison.deployment.join('; ')}".toString()
    }
    if (comparison.errors) {
        parts << "lab errors: ${counted(comparison.errors, 'errors')}".toString()
    }
    if (!parts && exitCode == 0) {
        parts << "${scenarios} scenario${scenarios == 1 ? '' : 's'} x ${runs} run${runs == 1 ? '' : 's'}".toString()
    }
    if (!parts && firstFailure) {
        parts << firstFailure
    }
    return haGate.oneLine("HA nightly: ${head}" + (parts ? " (${parts.join('; ')})" : ''), 500)
}

/** `kill-galera-node (2/3 runs failed)` */
@NonCPS
String counted(List entries, String key) {
    return entries.collect { "${it.name} (${it[key]}/${it.runs} runs ${key == 'failed' ? 'failed' : 'broke the lab'})" }.join(', ')
}

@NonCPS
List<String> runDirsOf(List<Map> runs) {
    return runs.findAll { it.runDir }.collect { it.runDir.toString() }
}

@NonCPS
List<Map> summariesOfRuns(List<Map> runs) {
    return runs.findAll { it.summary != null }.collect { it.summary as Map }
}

@NonCPS
List<Integer> exitCodesOf(List<Map> runs) {
    return runs.collect { it.exitCode as int }
}

/** The reason of the first run without a pass, for nights whose summaries say nothing more. */
@NonCPS
String firstFailure(List<Map> runs) {
    Map run = runs.find { (it.exitCode as int) != 0 }
    return run ? haGate.reason(run.exitCode as int, run.summary as Map, run.failure as String) : null
}
