package dev.hagate

import com.cloudbees.groovy.cps.NonCPS

/** What haNightly makes of its runs: how tonight compares with the last green night, in one line. */
class Nights implements Serializable {

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
    static Map compare(List lastGreen, List tonight) {
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
            if (summary.deploymentError) {
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
    static String summary(int exitCode, Map comparison, Integer green, int runs, int scenarios, String firstFailure = null) {
        String head = exitCode == ExitCodes.PASS ? 'PASS' : exitCode == ExitCodes.FAIL ? 'FAIL'
                : "no verdict: ${ExitCodes.label(exitCode).replace('no vote: ', '')}"
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
        if (!parts && exitCode == ExitCodes.PASS) {
            parts << "${scenarios} scenario${scenarios == 1 ? '' : 's'} x ${runs} run${runs == 1 ? '' : 's'}".toString()
        }
        if (!parts && firstFailure) {
            parts << firstFailure
        }
        return BuildDescription.oneLine("HA nightly: ${head}" + (parts ? " (${parts.join('; ')})" : ''), 500)
    }

    /** The reason of the first run without a pass, for nights whose summaries say nothing more. */
    @NonCPS
    static String firstFailure(List<Map> runs) {
        Map run = runs.find { (it.exitCode as int) != ExitCodes.PASS }
        return run ? BuildDescription.reason(run.exitCode as int, run.summary as Map, run.failure as String) : null
    }

    @NonCPS
    static List<String> runDirs(List<Map> runs) {
        return runs.findAll { it.runDir }.collect { it.runDir.toString() }
    }

    @NonCPS
    static List<Map> summaries(List<Map> runs) {
        return runs.findAll { it.summary != null }.collect { it.summary as Map }
    }

    @NonCPS
    static List<Integer> exitCodes(List<Map> runs) {
        return runs.collect { it.exitCode as int }
    }

    /** `kill-galera-node (2/3 runs failed)` */
    @NonCPS
    private static String counted(List entries, String key) {
        return entries.collect { "${it.name} (${it[key]}/${it.runs} runs ${key == 'failed' ? 'failed' : 'broke the lab'})" }.join(', ')
    }
}
