package dev.hagate

import com.cloudbees.groovy.cps.NonCPS

/**
 * What each exit code of `hagate run` means for a Jenkins build: its result, its label in the build
 * description, whether another agent may try again, and how several runs combine into one verdict.
 *
 * 0 SUCCESS (+1); 1 FAILURE (-1); 2 bad input, NOT_BUILT, no vote, not retried; 3 the lab broke,
 * NOT_BUILT, no vote, retried on a fresh agent; 4 a defect of the runner itself, NOT_BUILT, no vote, not
 * retried. Any other code (137: the process was killed) is treated as 3. A defect of hagate ends
 * NOT_BUILT rather than FAILURE because Gerrit Trigger votes -1 on FAILURE, and the change under test did
 * nothing wrong; the description says "runner defect" so that it is not mistaken for a broken lab.
 */
class ExitCodes implements Serializable {

    static final int PASS = 0
    static final int FAIL = 1
    static final int BAD_INPUT = 2
    static final int LAB_BROKE = 3
    static final int RUNNER_DEFECT = 4

    @NonCPS
    static String buildResult(int exitCode) {
        switch (exitCode) {
            case PASS: return 'SUCCESS'
            case FAIL: return 'FAILURE'
            default: return 'NOT_BUILT'
        }
    }

    /** Whether a fresh agent may get a different answer: a broken lab, or a runner that was killed. */
    @NonCPS
    static boolean retried(int exitCode) {
        return !(exitCode in [PASS, FAIL, BAD_INPUT, RUNNER_DEFECT])
    }

    @NonCPS
    static String label(int exitCode) {
        switch (exitCode) {
            case PASS: return 'PASS +1'
            case FAIL: return 'FAIL -1'
            case BAD_INPUT: return 'no vote: bad input (exit 2)'
            case LAB_BROKE: return 'no vote: infrastructure failure (exit 3), retry'
            case RUNNER_DEFECT: return 'no vote: runner defect (exit 4), not retried; report it to hagate'
            default: return "no vote: hagate exited ${exitCode}".toString()
        }
    }

    /**
     * The verdict of several runs or shards: a measured regression (1) is evidence whatever else happened;
     * then bad input (2), which no retry fixes; then a runner defect (4), which no retry fixes either; then
     * any other failure (3). 0 only when every one passed, and never for no run at all.
     */
    @NonCPS
    static int combine(List exitCodes) {
        if (!exitCodes) {
            return LAB_BROKE
        }
        List<Integer> codes = exitCodes.collect { it as int }
        for (int code : [FAIL, BAD_INPUT, RUNNER_DEFECT]) {
            if (codes.contains(code)) {
                return code
            }
        }
        return codes.every { it == PASS } ? PASS : LAB_BROKE
    }
}
