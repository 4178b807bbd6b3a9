package dev.hagate.scenario;

import dev.hagate.check.CheckResult;
import dev.hagate.check.RecordGaps;
import dev.hagate.check.RecordGaps.Gap;
import dev.hagate.check.RecoveryTimeCheck;
import dev.hagate.probe.Histories;
import dev.hagate.probe.ProbeWentQuietException;
import dev.hagate.scenario.Scenario.ProbeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a finished scenario from its histories alone: first that every probe kept measuring through warm-up,
 * hold and cool-down, then every check against its limit. No I/O, so a finished run's histories re-checked
 * offline are judged exactly as the run judged them.
 */
public final class ScenarioJudge {

    private ScenarioJudge() {}

    /**
     * @return every check's result, in the scenario's order
     * @throws ProbeWentQuietException naming each probe and gap when a probe's record has one: what the cloud
     *                                 did then is unknown, so no check may pass or fail on it
     */
    public static List<CheckResult> judge(Scenario scenario, Histories histories) {
        List<String> gaps = new ArrayList<>();
        for (ProbeSpec probe : scenario.probes()) {
            for (Gap gap : RecordGaps.find(probe.kind(), histories.of(probe.kind()), histories.of(RecoveryTimeCheck.SCENARIO_HISTORY),
                    Catalog.pace(probe))) {
                gaps.add(gap.describe());
            }
        }
        if (!gaps.isEmpty()) {
            throw new ProbeWentQuietException(String.join("; ", gaps));
        }
        return scenario.checks().stream().map(c -> Catalog.check(c, scenario).evaluate(histories)).toList();
    }
}
