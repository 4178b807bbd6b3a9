#!/usr/bin/env groovy

/*
 * The HA gate spread over several lab agents: the scenarios are dealt round-robin into shards, and each
 * shard runs `hagate run --scenario ...` on its own agent, with its own lab (one lab per machine).
 *
 * The verdict is haGate.combine over the shards: any shard that measured a regression (1) makes the
 * build FAILURE and -1, even when another shard's lab broke, because that regression is real evidence
 * about the change; otherwise bad input (2), or any other failure or a shard that never ran (3), makes it
 * NOT_BUILT with no vote. The build passes only when every shard passed: an infrastructure failure
 * never becomes a pass.
 */

/**
 * Runs the gate's scenarios in parallel shards, each on its own agent, and sets the build result once
 * from the shards' combined verdict.
 *
 * @param params optional settings, see haShard.txt:
 *        shards, label, reportLabel, scenarios, plan, plus haGate's refspec, revision, url,
 *        credentialsId, topology, reports, command, allure
 * @return the combined exit code (0, 1, 2 or 3)
 */
def call(Map params = [:]) {
    String label = params.label ?: 'hagate-lab'
    int shards = (params.shards ?: 2) as int
    List<String> scenarios = haGate.scenarioList(params.scenarios)
    if (!scenarios) {
        try {
            // Which scenarios exist is a property of the change, so ask its checkout.
            node(label) {
                haGate.checkoutChange(params)
                scenarios = params.plan ? haGate.planScenarios(params.plan as String) : haGate.listScenarios(params)
            }
        } catch (InterruptedException e) {
            throw e
        } catch (Exception e) {
            haGate.applyResult(3, haGate.describe(3, null, "cannot list the scenarios: ${e.message}"))
            return 3
        }
    }
    if (!scenarios || shards < 1) {
        String why = scenarios ? "shards must be at least 1, not ${shards}" : 'no scenario to run'
        haGate.applyResult(2, haGate.describe(2, null, why))
        return 2
    }

    List<List<String>> groups = roundRobin(scenarios, shards)
    Map<Integer, Map> results = [:]
    Map branches = [:]
    for (int i = 0; i < groups.size(); i++) {
        int index = i + 1
        List<String> group = groups[i]
        branches["shard ${index}".toString()] = {
            results[index] = runShard(index, group, label, params)
        }
    }
    // No failFast: every shard's verdict counts, and a lab stopped halfway leaves nothing to judge.
    parallel(branches)

    if (params.allure != false) {
        publishAllure(results, params.reportLabel ?: label)
    }
    List<Integer> codes = []
    for (int i = 1; i <= groups.size(); i++) {
        codes.add(results[i] == null ? 3 : results[i].exitCode as int)
    }
    int exitCode = haGate.combine(codes)
    haGate.applyResult(exitCode, describeShards(exitCode, groups, results))
    return exitCode
}

/**
 * One shard on its own agent. Its reports are archived and its JUnit published from there; its Allure
 * results are stashed, because one build holds one Allure report and it is made once, after all shards.
 */
Map runShard(int index, List<String> group, String label, Map params) {
    try {
        Map run = null
        node(label) {
            haGate.checkoutChange(params)
            run = haGate.runOnce(params + [scenarios: group, plan: null])
            List<String> allure = haGate.publish(run.runDir ? [run.runDir] : [], params + [allure: false])
            if (params.allure != false && allure) {
                stash(name: "hagate-shard-${index}".toString(), includes: joinIncludes(allure))
                run.stash = "hagate-shard-${index}".toString()
                run.allureResults = allure
            }
        }
        return run
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        // No agent, a failed checkout, a lost connection: this shard was not judged.
        return [exitCode: 3, failure: "shard ${index} did not run: ${e.message}".toString()]
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

/** Shard i (from 0) gets scenarios i, i + n, i + 2n ...; no empty shard is made. */
@NonCPS
List<List<String>> roundRobin(List<String> scenarios, int shards) {
    int n = Math.min(shards, scenarios.size())
    List<List<String>> groups = (0..<n).collect { [] }
    scenarios.eachWithIndex { s, i -> groups[i % n] << s }
    return groups
}

/** `HA gate: FAIL -1 (shard 1: kill-galera-node: ...; shard 2: no vote: infrastructure failure ...)` */
@NonCPS
String describeShards(int exitCode, List<List<String>> groups, Map<Integer, Map> results) {
    List<String> parts = []
    for (int i = 1; i <= groups.size(); i++) {
        Map r = results[i] ?: [exitCode: 3, failure: 'no result']
        int code = r.exitCode as int
        if (code == 0) {
            continue
        }
        String why = haGate.reason(code, r.summary as Map, r.failure as String)
        String text = code == 1 ? (why ?: 'failed') : haGate.verdictLabel(code) + (why ? ": ${why}" : '')
        parts << "shard ${i} (${groups[i - 1].join(', ')}): ${text}".toString()
    }
    if (!parts) {
        int count = groups.sum { it.size() } as int
        parts << "${count} scenario${count == 1 ? '' : 's'} on ${groups.size()} shard${groups.size() == 1 ? '' : 's'}".toString()
    }
    return haGate.oneLine("HA gate: ${haGate.verdictLabel(exitCode)} (${parts.join('; ')})", 500)
}

/** The shards that stashed Allure results, in shard order. */
@NonCPS
List<Map> stashed(Map<Integer, Map> results) {
    return results.keySet().sort().collect { results[it] }.findAll { it?.stash }
}

@NonCPS
String joinIncludes(List dirs) {
    return dirs.collect { "${it}/**" }.join(',')
}
