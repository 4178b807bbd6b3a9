#!/usr/bin/env groovy

import dev.hagate.BuildDescription
import dev.hagate.ExitCodes
import dev.hagate.HagateCommand
import dev.hagate.RunDirectories
import dev.hagate.Shards

/*
 * The HA gate spread over several lab agents: the scenarios are dealt round-robin into shards, and each
 * shard runs `hagate run --scenario ...` on its own agent, with its own lab (one lab per machine).
 *
 * The verdict is ExitCodes.combine over the shards: any shard that measured a regression (1) makes the
 * build FAILURE and -1, even when another shard's lab broke, because that regression is real evidence
 * about the change; otherwise bad input (2), a runner defect (4), or any other failure or a shard that
 * never ran (3), makes it NOT_BUILT with no vote. The build passes only when every shard passed: an
 * infrastructure failure never becomes a pass. A shard whose lab broke is tried again on a fresh agent,
 * up to retries times, as haGate does.
 */

/**
 * Runs the gate's scenarios in parallel shards, each on its own agent, and sets the build result once
 * from the shards' combined verdict.
 *
 * @param params optional settings, see haShard.txt:
 *        shards, label, reportLabel, retries, scenarios, plan, plus haGate's refspec, revision, url,
 *        credentialsId, topology, reports, command, allure
 * @return the combined exit code (0, 1, 2, 3 or 4)
 */
def call(Map params = [:]) {
    String label = params.label ?: 'hagate-lab'
    int shards = (params.shards ?: 2) as int
    int retries = haGate.retriesOf(params)
    List<String> scenarios = HagateCommand.list(params.scenarios)
    if (!scenarios) {
        try {
            // Which scenarios exist is a property of the change, so ask its checkout.
            stage('scenarios') {
                node(label) {
                    haGate.checkoutChange(params)
                    scenarios = params.plan ? haGate.planScenarios(params.plan as String) : haGate.listScenarios(params)
                }
            }
        } catch (InterruptedException e) {
            throw e
        } catch (Exception e) {
            haGate.applyResult(ExitCodes.LAB_BROKE, BuildDescription.of(ExitCodes.LAB_BROKE, null, "cannot list the scenarios: ${e.message}"))
            return ExitCodes.LAB_BROKE
        }
    }
    if (!scenarios || shards < 1) {
        String why = scenarios ? "shards must be at least 1, not ${shards}" : 'no scenario to run'
        haGate.applyResult(ExitCodes.BAD_INPUT, BuildDescription.of(ExitCodes.BAD_INPUT, null, why))
        return ExitCodes.BAD_INPUT
    }

    List<List<String>> groups = Shards.roundRobin(scenarios, shards)
    Map<Integer, Map> results = [:]
    Map branches = [:]
    for (int i = 0; i < groups.size(); i++) {
        int index = i + 1
        List<String> group = groups[i]
        String name = "shard ${index}".toString()
        branches[name] = {
            stage(name) {
                results[index] = runShard(index, group, label, retries, params)
            }
        }
    }
    // No failFast: every shard's verdict counts, and a lab stopped halfway leaves nothing to judge.
    parallel(branches)

    if (params.allure != false) {
        stage('publish') {
            publishAllure(results, params.reportLabel ?: label)
        }
    }
    List<Integer> codes = []
    for (int i = 1; i <= groups.size(); i++) {
        codes.add(results[i] == null ? ExitCodes.LAB_BROKE : results[i].exitCode as int)
    }
    int exitCode = ExitCodes.combine(codes)
    haGate.applyResult(exitCode, Shards.describe(exitCode, groups, results))
    return exitCode
}

/**
 * One shard on its own agent, tried again on a fresh agent while its lab breaks. Its reports are archived
 * and its JUnit published from there; its Allure results are stashed, because one build holds one Allure
 * report and it is made once, after all shards.
 */
Map runShard(int index, List<String> group, String label, int retries, Map params) {
    try {
        return haGate.onFreshAgents(label, retries) { int attempt, int allowed ->
            boolean mayRetry = attempt < allowed
            if (params.checkout != false) {
                haGate.checkoutChange(params)
            }
            Map run = haGate.runOnce(params + [scenarios: group, plan: null])
            if (mayRetry && ExitCodes.retried(run.exitCode as int)) {
                haGate.archiveRuns(run.runDir ? [run.runDir] : [])
                return run
            }
            List<String> allure = haGate.publish(run.runDir ? [run.runDir] : [], params + [allure: false])
            if (params.allure != false && allure) {
                String stashName = "hagate-shard-${index}".toString()
                stash(name: stashName, includes: RunDirectories.everything(allure))
                run = run + [stash: stashName, allureResults: allure]
            }
            return run
        }
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        // No agent, a failed checkout, a lost connection: this shard was not judged.
        return [exitCode: ExitCodes.LAB_BROKE, failure: "shard ${index} did not run: ${e.message}".toString()]
    }
}

/**
 * One Allure report over every shard's results, made on one agent from their stashes. Like every
 * report, it never changes the vote: failing to make it is logged.
 */
void publishAllure(Map<Integer, Map> results, String label) {
    List<Map> withAllure = stashed(results)
    if (!withAllure) {
        return
    }
    try {
        node(label) {
            List<String> paths = []
            for (int i = 0; i < withAllure.size(); i++) {
                unstash(withAllure[i].stash as String)
                paths.addAll(withAllure[i].allureResults as List)
            }
            haGate.publishAllure(paths)
        }
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        echo "haShard: no Allure report (the vote stands): ${e.message}"
    }
}

/** The shards that stashed Allure results, in shard order. */
@NonCPS
List<Map> stashed(Map<Integer, Map> results) {
    return results.keySet().sort().collect { results[it] }.findAll { it?.stash }
}
