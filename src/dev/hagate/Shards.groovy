package dev.hagate

import com.cloudbees.groovy.cps.NonCPS

/** How haShard deals scenarios to shards, and the one line its build description gets. */
class Shards implements Serializable {

    /** Shard i (from 0) gets scenarios i, i + n, i + 2n ...; no empty shard is made. */
    @NonCPS
    static List<List<String>> roundRobin(List<String> scenarios, int shards) {
        int n = Math.min(shards, scenarios.size())
        List<List<String>> groups = (0..<n).collect { [] }
        scenarios.eachWithIndex { s, i -> groups[i % n] << s }
        return groups
    }

    /** `HA gate: FAIL -1 (shard 1: kill-galera-node: ...; shard 2: no vote: infrastructure failure ...)` */
    @NonCPS
    static String describe(int exitCode, List<List<String>> groups, Map<Integer, Map> results) {
        List<String> parts = []
        for (int i = 1; i <= groups.size(); i++) {
            Map r = results[i] ?: [exitCode: ExitCodes.LAB_BROKE, failure: 'no result']
            int code = r.exitCode as int
            String attempts = (r.allowed ?: 1) > 1 && (r.attempt ?: 1) > 1 ? " [attempt ${r.attempt} of ${r.allowed}]" : ''
            if (code == ExitCodes.PASS) {
                if (attempts) {
                    parts << "shard ${i}: passed${attempts}".toString()
                }
                continue
            }
            String why = BuildDescription.reason(code, r.summary as Map, r.failure as String)
            String text = code == ExitCodes.FAIL ? (why ?: 'failed') : ExitCodes.label(code) + (why ? ": ${why}" : '')
            parts << "shard ${i} (${groups[i - 1].join(', ')}): ${text}${attempts}".toString()
        }
        if (exitCode == ExitCodes.PASS) {
            int count = groups.sum { it.size() } as int
            parts.add(0, "${count} scenario${count == 1 ? '' : 's'} on ${groups.size()} shard${groups.size() == 1 ? '' : 's'}".toString())
        }
        return BuildDescription.oneLine("HA gate: ${ExitCodes.label(exitCode)} (${parts.join('; ')})", 500)
    }
}
