#!/usr/bin/env groovy

import dev.hagate.ExitCodes
import dev.hagate.HagateCommand
import dev.hagate.Nights

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
 * @return the combined exit code of the runs (0, 1, 2, 3 or 4)
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

/**
 * The night on the current node, in the stages checkout, one per run, and publish. A run whose lab broke
 * is not tried again on another agent: the other runs of the night still give their verdicts, and the
 * description counts the lab errors.
 */
int nightly(Map params) {
    int repeat = (params.repeat == null ? 3 : params.repeat) as int
    String reports = params.reports ?: 'reports'
    String reportDir = params.allureReport ?: 'allure-nightly'
    int lookback = (params.lookback ?: 50) as int
    env.HAGATE_NIGHTLY = 'true'
    if (repeat < 1) {
        haGate.applyResult(ExitCodes.BAD_INPUT, "HA nightly: ${ExitCodes.label(ExitCodes.BAD_INPUT)} (repeat must be at least 1, not ${repeat})")
        return ExitCodes.BAD_INPUT
    }

    List<String> scenarios = HagateCommand.list(params.scenarios)
    try {
        stage('checkout') {
            // The newest commit, whatever change a Gerrit event may have left in the environment.
            haGate.checkoutChange(params + [gerrit: false, refspec: null, revision: null])
            if (!scenarios) {
                scenarios = params.plan ? haGate.planScenarios(params.plan as String) : haGate.listScenarios(params)
            }
        }
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        haGate.applyResult(ExitCodes.LAB_BROKE, "HA nightly: no verdict: ${ExitCodes.label(ExitCodes.LAB_BROKE).replace('no vote: ', '')} (${e.message})")
        return ExitCodes.LAB_BROKE
    }
    if (!scenarios) {
        haGate.applyResult(ExitCodes.BAD_INPUT, "HA nightly: no verdict: ${ExitCodes.label(ExitCodes.BAD_INPUT).replace('no vote: ', '')} (no scenario to run)")
        return ExitCodes.BAD_INPUT
    }
    sh "rm -rf ${HagateCommand.quote(reports + '/runs')} ${HagateCommand.quote(reportDir)} ${HagateCommand.quote('.hagate')}"

    List<Map> runs = []
    for (int i = 1; i <= repeat; i++) {
        Map run = null
        stage("run ${i}") {
            echo "HA nightly: run ${i} of ${repeat} (${scenarios.join(', ')})"
            run = haGate.runOnce(params + [scenarios: scenarios, plan: null, clean: false])
        }
        runs.add(run)
        if (run.exitCode == ExitCodes.BAD_INPUT || run.exitCode == ExitCodes.RUNNER_DEFECT) {
            echo "HA nightly: ${ExitCodes.label(run.exitCode as int)} does not get better by repeating; stopping"
            break
        }
    }

    stage('publish') {
        List<String> runDirs = Nights.runDirs(runs)
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
    }

    Integer green = previousNightly(true, lookback)
    List<Map> greenSummaries = green == null ? [] : summariesOf(green, reports)
    Map comparison = Nights.compare(greenSummaries, Nights.summaries(runs))
    int exitCode = ExitCodes.combine(Nights.exitCodes(runs))
    haGate.applyResult(exitCode, Nights.summary(exitCode, comparison, green, runs.size(), scenarios.size(), Nights.firstFailure(runs)))
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
        sh "mkdir -p ${HagateCommand.quote(into)} && cp -R ${HagateCommand.quote(history + '/.')} ${HagateCommand.quote(into + '/')}"
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
