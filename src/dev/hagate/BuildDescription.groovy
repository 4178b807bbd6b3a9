package dev.hagate

import com.cloudbees.groovy.cps.NonCPS

/**
 * The one line a build's description gets, read from summary.json (as readJSON(returnPojo: true) gives
 * it: Maps, Lists and plain nulls), for example
 * `HA gate: FAIL -1 (kill-galera-node: max-outage(sql-writer) 20.2 s, limit 10 s)`.
 */
class BuildDescription implements Serializable {

    /** `HA gate: FAIL -1 (kill-galera-node: max-outage(sql-writer) 20.2 s, limit 10 s)` */
    @NonCPS
    static String of(int exitCode, Map summary, String failure = null) {
        String why = reason(exitCode, summary, failure)
        return oneLine("HA gate: ${ExitCodes.label(exitCode)}" + (why ? " (${why})" : ''))
    }

    /** The description with how many agents it took: ` [attempt 2 of 3]`, when more than one was allowed. */
    @NonCPS
    static String withAttempts(String description, int attempt, int allowed) {
        return allowed > 1 ? "${description} [attempt ${attempt} of ${allowed}]".toString() : description
    }

    /** Why a run ended as it did, in a few words, from its summary.json. */
    @NonCPS
    static String reason(int exitCode, Map summary, String failure = null) {
        if (failure) {
            return failure
        }
        if (exitCode == ExitCodes.BAD_INPUT) {
            return 'the console log names the file, line and field'
        }
        if (exitCode == ExitCodes.RUNNER_DEFECT && summary == null) {
            return 'the console log has the stack trace'
        }
        if (summary == null) {
            return null
        }
        List scenarios = summary.scenarios ?: []
        if (exitCode == ExitCodes.PASS) {
            return scenarios.collect { it.name }.join(', ')
        }
        if (exitCode == ExitCodes.FAIL) {
            if (summary.deploymentError) {
                return "deployment: ${summary.deploymentError}".toString()
            }
            List failed = scenarios.findAll { it.verdict == 'fail' }
            return failed.collect { s ->
                def check = (s.checks ?: []).find { it.passed == false }
                check ? "${s.name}: ${check.name} ${amount(check.value, check.unit)}, limit ${amount(check.limit, check.unit)}"
                        : "${s.name}: failed"
            }.join('; ')
        }
        if (summary.labError) {
            return "lab: ${summary.labError}".toString()
        }
        List broken = scenarios.findAll { it.labError }
        return broken ? broken.collect { "${it.name}: ${it.labError}" }.join('; ') : null
    }

    /** `20.2 s`, `10 s`, `0 writes`: a check's number as a person writes it. */
    @NonCPS
    static String amount(value, unit) {
        if (value == null) {
            return 'no value'
        }
        double rounded = Math.round((value as double) * 100) / 100.0d
        String number = rounded == Math.floor(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded)
        return unit ? "${number} ${unit}".toString() : number
    }

    @NonCPS
    static String oneLine(String text, int max = 300) {
        String line = text.replaceAll(/\s+/, ' ').trim()
        return line.length() <= max ? line : line.substring(0, max - 1) + '…'
    }
}
