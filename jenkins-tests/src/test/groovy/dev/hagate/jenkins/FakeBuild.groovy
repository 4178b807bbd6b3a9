package dev.hagate.jenkins

/**
 * currentBuild as Pipeline scripts see it (RunWrapper), with the one rule that matters for votes:
 * Jenkins only ever makes a result worse, so a step that sets SUCCESS after FAILURE changes nothing.
 */
class FakeBuild implements Serializable {

    static final List<String> ORDER = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED']

    int number
    String result
    String description
    String fullProjectName = 'hagate'
    FakeBuild previousBuild
    Map<String, String> buildVariables = [:]
    List<String> causes = []
    /** Every result set, in order, even those Jenkins ignored. */
    List<String> resultsSet = []

    void setResult(String wanted) {
        assert ORDER.contains(wanted): "not a Jenkins result: ${wanted}"
        resultsSet << wanted
        if (result == null || ORDER.indexOf(wanted) > ORDER.indexOf(result)) {
            result = wanted
        }
    }

    /**
     * What the node step throws when Jenkins removes its agent mid-build (a FlowInterruptedException with a
     * RemovedNodeCause): an interruption, which the steps pass on, and which retry's agent() condition retries.
     */
    static class AgentRemoved extends InterruptedException {
        AgentRemoved(String agent) {
            super("Agent ${agent} was removed".toString())
        }
    }

    List<Map> getBuildCauses(String className) {
        return causes.contains(className) ? [[_class: className]] : []
    }

    /** Earlier builds, newest first: each [number, result, nightly]. */
    static FakeBuild withHistory(int number, List<List> earlier) {
        FakeBuild current = new FakeBuild(number: number)
        FakeBuild last = current
        for (List b : earlier) {
            FakeBuild previous = new FakeBuild(number: b[0] as int, result: b[1] as String,
                    buildVariables: b[2] ? [HAGATE_NIGHTLY: 'true'] : [:])
            last.previousBuild = previous
            last = previous
        }
        return current
    }
}
