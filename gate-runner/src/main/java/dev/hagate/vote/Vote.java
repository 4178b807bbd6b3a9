package dev.hagate.vote;

import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioResult;

/**
 * Verdicts from results: per scenario, and for the whole run. The rule, in order: a check missed or a
 * deployment that failed is -1 (measured on the change, it stands even when the lab broke before or after
 * it); otherwise a lab error, a scenario not run, or nothing run at all is no vote; otherwise +1.
 */
public final class Vote {

    private Vote() {}

    /**
     * NOT_RUN when the scenario did not run; FAIL when a check missed (even when the lab broke after it was
     * measured); ERROR when the lab broke or nothing was checked; else PASS.
     */
    public static Verdict of(ScenarioResult result) {
        if (result.notRun() != null) {
            return Verdict.NOT_RUN;
        }
        if (result.missedACheck()) {
            return Verdict.FAIL;
        }
        return result.labError() != null || result.checks().isEmpty() ? Verdict.ERROR : Verdict.PASS;
    }

    /**
     * FAIL when deployment failed or any scenario failed, whatever else happened; else ERROR when the lab broke
     * anywhere, a scenario did not run or none ran; PASS only when every scenario ran and passed.
     */
    public static Verdict of(RunResult run) {
        if (run.deploymentError() != null) {
            return Verdict.FAIL;
        }
        Verdict scenarios = run.scenarios().stream().map(Vote::of).reduce(Verdict.PASS, Verdict::and);
        if (scenarios == Verdict.FAIL) {
            return Verdict.FAIL;
        }
        return run.labError() != null || run.scenarios().isEmpty() ? Verdict.ERROR : scenarios;
    }
}
