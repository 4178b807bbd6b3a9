#!/usr/bin/env groovy

import dev.hagate.BuildDescription
import dev.hagate.ExitCodes
import dev.hagate.HagateCommand
import dev.hagate.RunDirectories
import dev.hagate.SharedLab

/*
 * The HA gate as a Pipeline step: check out the change, run `hagate run`, publish its reports, and turn
 * its exit code into the build result Gerrit Trigger votes on. A lab that broke is tried again on a fresh
 * agent.
 *
 * The other methods of this file are the Pipeline building blocks haNightly and haShard share (called as
 * haGate.runOnce(...) and so on); they are not meant for Jenkinsfiles. What needs no Pipeline step lives
 * in src/dev/hagate/.
 */

/**
 * Runs the HA gate on one change and sets the build result from its verdict.
 *
 * Exit code of hagate, build result, Gerrit vote (Gerrit Trigger's defaults): 0: SUCCESS, +1; 1: FAILURE,
 * -1; 2 (bad input), 3 (lab broke), 4 (runner defect) and anything else: NOT_BUILT, no vote. With a label,
 * 3 (and a killed runner) is tried again on a fresh agent, up to params.retries times (default 2).
 * A failed gate ends FAILURE, never UNSTABLE, because Gerrit Trigger votes 0 for UNSTABLE.
 *
 * @param params optional settings, see haGate.txt:
 *        label, retries, refspec, revision, url, credentialsId, checkout, changes, scenarios, plan,
 *        topology, reports, command, allure
 * @return hagate's exit code (3 when no run could be made or a pass came without its report)
 */
def call(Map params = [:]) {
    Map run
    if (params.label) {
        run = onFreshAgents(params.label as String, retriesOf(params)) { int attempt, int allowed ->
            gate(params, attempt < allowed)
        }
    } else {
        run = gate(params, false)
    }
    String description = BuildDescription.of(run.exitCode as int, run.summary as Map, run.failure as String)
    applyResult(run.exitCode as int, BuildDescription.withAttempts(description, (run.attempt ?: 1) as int, (run.allowed ?: 1) as int))
    return run.exitCode as int
}

/**
 * The gate on the current node, in the stages checkout, gate and publish.
 *
 * @param mayRetry whether a broken lab will be tried again: then only the run's files are archived, and
 *        JUnit and Allure are published from the attempt that counts
 * @return [exitCode, runDir, summary, failure], as runOnce
 */
Map gate(Map params, boolean mayRetry) {
    if (params.checkout != false) {
        try {
            stage('checkout') {
                checkoutChange(params)
            }
        } catch (InterruptedException e) {
            throw e
        } catch (Exception e) {
            // A change that cannot be fetched has not been judged: no vote rather than a -1.
            return [exitCode: ExitCodes.LAB_BROKE, runDir: null, summary: null, failure: "checkout failed: ${e.message}".toString()]
        }
    }
    Map run = null
    stage('gate') {
        run = runOnce(params)
    }
    stage('publish') {
        List<String> runDirs = run.runDir ? [run.runDir] : []
        if (mayRetry && ExitCodes.retried(run.exitCode as int)) {
            archiveRuns(runDirs)
        } else {
            publish(runDirs, params)
        }
    }
    return run
}

/**
 * Runs body on an agent of label, and again on a fresh agent while it ends in a broken lab (exit 3, or a
 * killed runner) and attempts remain. An agent lost under the body (removed, disconnected) is retried by
 * the retry step's agent conditions, and counts as an attempt too.
 *
 * @param retries how many times to try again (0: once only)
 * @param body called as body(attempt, allowed) on the agent; returns a run Map with exitCode
 * @return the last attempt's run, with attempt (its number, from 1) and allowed (retries + 1)
 */
Map onFreshAgents(String label, int retries, Closure body) {
    int allowed = retries + 1
    Map state = [attempt: 0, run: null]
    while (true) {
        retry(count: allowed - (state.attempt as int), conditions: [agent(), nonresumable()]) {
            state.attempt = (state.attempt as int) + 1
            node(label) {
                state.run = body(state.attempt as int, allowed)
            }
        }
        int exitCode = state.run.exitCode as int
        if (!ExitCodes.retried(exitCode) || (state.attempt as int) >= allowed) {
            break
        }
        echo "HA gate: attempt ${state.attempt} of ${allowed}: ${ExitCodes.label(exitCode)}; trying again on a fresh agent"
    }
    return state.run + [attempt: state.attempt, allowed: allowed]
}

/** params.retries (default 2); bad values are bad input of the job, which is told by an exception. */
int retriesOf(Map params) {
    int retries = (params.retries == null ? 2 : params.retries) as int
    if (retries < 0) {
        error("haGate: retries must be 0 or more, not ${retries}")
    }
    return retries
}

/**
 * Checks out the change: Gerrit Trigger's GERRIT_REFSPEC and GERRIT_PATCHSET_REVISION (or the params
 * refspec and revision) when there are any, otherwise the job's own scm, that is the newest commit.
 * With gerrit: false the Gerrit variables are ignored.
 */
def checkoutChange(Map params = [:]) {
    // A change to another project (Keystone) reaches the lab through --change; the workspace stays hagate.
    boolean fromGerrit = params.gerrit != false && !HagateCommand.gerritChangeOfAnotherProject(params, env)
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
 * Runs `hagate run` once in the workspace and reads what it wrote. On a lab shared with other agents (a
 * libvirt host, a bare-metal rack) it runs under lock(resource: 'hagate-<lab name>').
 *
 * @param params scenarios, plan, topology, reports, command; clean: false keeps earlier runs' reports
 * @return [exitCode, runDir (null when nothing was written), summary (null when not readable),
 *         failure (why there is no trustworthy verdict, or null)]
 */
Map runOnce(Map params = [:]) {
    String reports = params.reports ?: 'reports'
    // Without the old link, a run that writes nothing cannot be mistaken for the one before it.
    sh "rm -f ${HagateCommand.quote(reports + '/latest')}"
    if (params.clean != false) {
        sh "rm -rf ${HagateCommand.quote(reports + '/runs')}"
    }
    int exitCode
    try {
        String lab = sharedLabLock(params)
        if (lab) {
            echo "haGate: the lab is shared with other agents; waiting for ${lab}"
            lock(resource: lab) {
                exitCode = sh(returnStatus: true, script: HagateCommand.run(params, env)) as int
            }
        } else {
            exitCode = sh(returnStatus: true, script: HagateCommand.run(params, env)) as int
        }
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        // The agent or its connection went away mid-run: the lab broke, the change was not judged.
        return [exitCode: ExitCodes.LAB_BROKE, runDir: null, summary: null, failure: "hagate did not finish: ${e.message}".toString()]
    }
    String latest = sh(returnStdout: true, script: "readlink ${HagateCommand.quote(reports + '/latest')} || true").trim()
    String runDir = latest ? "${reports}/${latest}".toString() : null
    boolean hasSummary = runDir && fileExists("${runDir}/summary.json")
    Map summary = hasSummary ? readSummary("${runDir}/summary.json") : null
    String failure = null
    if (exitCode == ExitCodes.PASS && !hasSummary) {
        // A +1 needs its evidence: a pass with no summary is something broken, not a pass.
        exitCode = ExitCodes.LAB_BROKE
        failure = 'hagate exited 0 but wrote no summary.json'
    }
    return [exitCode: exitCode, runDir: runDir, summary: summary, failure: failure]
}

/**
 * The lock a run of params.topology (default lab-topology/embedded.yaml) must hold, or null for a lab the
 * agent builds itself. A topology that is not there needs none: hagate says why it cannot run.
 */
String sharedLabLock(Map params) {
    String file = (params.topology ?: 'lab-topology/embedded.yaml') as String
    return fileExists(file) ? SharedLab.lockFor(readYaml(file: file) as Map) : null
}

/** summary.json as plain Maps and Lists, or null when it cannot be read (Pipeline Utility Steps missing, bad JSON). */
Map readSummary(String file) {
    try {
        return readJSON(file: file, returnPojo: true) as Map
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

/** The names of every scenario, from `hagate scenarios list --json` in the checked-out workspace. */
List<String> listScenarios(Map params = [:]) {
    String out = sh(returnStdout: true, script: HagateCommand.listScenarios(params))
    return HagateCommand.scenarioNames(readJSON(text: out, returnPojo: true) as List)
}

/** The scenarios of a plan file: scenarios/NAME.yaml, or the file named. */
List<String> planScenarios(String plan) {
    String file = plan.endsWith('.yaml') || plan.contains('/') ? plan : "scenarios/${plan}.yaml"
    def yaml = readYaml(file: file)
    return HagateCommand.list(yaml?.scenarios)
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

/** Archives the run directories: the evidence of every attempt, also of those that are tried again. */
void archiveRuns(List runDirs) {
    if (runDirs) {
        archiveArtifacts(artifacts: RunDirectories.everything(runDirs), allowEmptyArchive: true)
    }
}

/**
 * Archives the run directories and publishes their junit.xml. The build's result is the gate's verdict
 * alone (applyResult), so JUnit does not mark failed checks UNSTABLE, which Gerrit Trigger votes 0 on.
 */
void publishRuns(List runDirs) {
    archiveRuns(runDirs)
    junit(testResults: RunDirectories.junitXml(runDirs), allowEmptyResults: true, skipMarkingBuildUnstable: true)
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
    Map args = [results: RunDirectories.allurePaths(results)]
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
 * Jenkins only ever worsens a result, so this is called once, after the publishers: the Allure plugin
 * marks a build with failed tests UNSTABLE, and FAILURE or NOT_BUILT must end up above that.
 */
void applyResult(int exitCode, String description) {
    currentBuild.result = ExitCodes.buildResult(exitCode)
    currentBuild.description = description
    echo description
}
