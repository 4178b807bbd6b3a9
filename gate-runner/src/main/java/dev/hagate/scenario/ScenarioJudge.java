package dev.hagate.scenario;

import dev.hagate.check.Check;
import dev.hagate.check.CheckResult;
import dev.hagate.check.RecordGaps;
import dev.hagate.check.RecordGaps.Gap;
import dev.hagate.check.RecoveryTimeCheck;
import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.OperationNames;
import dev.hagate.probe.ProbeWentQuietException;
import dev.hagate.scenario.Scenario.ProbeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a finished scenario from its histories alone: first that every probe kept measuring through warm-up,
 * hold and cool-down, then every check against its limit. No I/O, so a finished run's histories re-checked
 * offline are judged exactly as the run judged them.
 */
public final class ScenarioJudge {

    /** The limit of the {@code recovery-time} a scenario gets when its file names none: the time a reset may take. */
    static final Duration DEFAULT_RECOVERY_LIMIT = Duration.ofMinutes(2);

    private ScenarioJudge() {}

    /**
     * @return every check's result, in the scenario's order
     * @throws ProbeWentQuietException naming each probe and gap when a probe's record has one: what the cloud
     *                                 did then is unknown, so no check may pass or fail on it
     */
    public static List<CheckResult> judge(Scenario scenario, Histories histories) {
        List<String> gaps = new ArrayList<>();
        for (ProbeSpec probe : scenario.probes()) {
            for (Gap gap : RecordGaps.find(probe.kind(), histories.of(probe.kind()), histories.of(History.SCENARIO),
                    Catalog.pace(probe))) {
                gaps.add(gap.describe());
            }
        }
        if (!gaps.isEmpty()) {
            throw new ProbeWentQuietException(String.join("; ", gaps));
        }
        List<CheckResult> results = new ArrayList<>(scenario.checks().stream().map(c -> Catalog.check(c, scenario).evaluate(histories)).toList());
        // A recovery that failed is the scenario's own failure, whether or not its file checks recovery-time.
        if (recoveryFailed(histories) && results.stream().noneMatch(r -> r.name().equals(Catalog.CheckKind.RECOVERY_TIME.id))) {
            results.add(recoveryTime(scenario).evaluate(histories));
        }
        return results;
    }

    /**
     * What stands of a scenario under which the lab broke: nothing, unless its recovery had failed already (the
     * other checks read histories the break may have cut short).
     */
    static List<CheckResult> judgeBeforeTheLabBroke(Scenario scenario, Histories histories) {
        return recoveryFailed(histories) ? List.of(recoveryTime(scenario).evaluate(histories)) : List.of();
    }

    private static boolean recoveryFailed(Histories histories) {
        return histories.of(History.SCENARIO).stream().anyMatch(o -> o.op().equals(OperationNames.RECOVER) && !o.ok());
    }

    /** The scenario's own {@code recovery-time} check, or one with the default limit when its file has none. */
    private static Check recoveryTime(Scenario scenario) {
        return scenario.checks().stream().filter(c -> c.kind().equals(Catalog.CheckKind.RECOVERY_TIME.id)).findFirst()
                .map(c -> Catalog.check(c, scenario)).orElseGet(() -> new RecoveryTimeCheck(DEFAULT_RECOVERY_LIMIT));
    }

}

