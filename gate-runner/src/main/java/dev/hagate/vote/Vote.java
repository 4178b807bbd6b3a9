package dev.hagate.vote;

import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioResult;

/** Verdicts from results: per scenario, and for the whole run. */
public final class Vote {

    private Vote() {}

    /** ERROR when the lab broke or nothing was checked; FAIL when any check missed; else PASS. */
    public static Verdict of(ScenarioResult result) {
        if (result.labError() != null || result.checks().isEmpty()) {
            return Verdict.ERROR;
        }
        return result.checks().stream().allMatch(c -> c.passed()) ? Verdict.PASS : Verdict.FAIL;
    }

    /**
     * ERROR when the lab broke anywhere or no scenario ran; FAIL when deployment failed or any scenario
     * failed; PASS only when every scenario passed.
     */
    public static Verdict of(RunResult run) {
        if (run.labError() != null) {
            return Verdict.ERROR;
        }
        if (run.deploymentError() != null) {
            return Verdict.FAIL;
        }
        if (run.scenarios().isEmpty()) {
            return Verdict.ERROR;
        }
        return run.scenarios().stream().map(Vote::of).reduce(Verdict.PASS, Verdict::and);
    }
}
