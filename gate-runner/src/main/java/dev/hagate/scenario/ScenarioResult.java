package dev.hagate.scenario;

import dev.hagate.check.CheckResult;
import dev.hagate.check.RecordGaps.Pace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one scenario run produced: the fault applied, every check's result, and, when the lab broke under
 * it, why (then only what was measured before, if anything, is among the checks). A scenario that did not
 * run at all says why in {@code notRun}.
 *
 * @param labError null unless the lab broke during the scenario
 * @param notRun   null unless the scenario did not run: why not (an earlier scenario left no cloud to run on)
 * @param paces    how each of its probes recorded, by probe name: the operation it repeats and its clients, on
 *                 which its outages are measured (for the timeline picture); empty when not known
 */
public record ScenarioResult(String name, Instant startedAt, Duration duration, String fault, String recovery,
                             List<CheckResult> checks, String labError, Path historyDir, String notRun,
                             Map<String, Pace> paces) {

    public ScenarioResult {
        paces = Map.copyOf(paces);
    }

    /** A scenario that ran, or not, whose probes' paces are not known. */
    public ScenarioResult(String name, Instant startedAt, Duration duration, String fault, String recovery,
                          List<CheckResult> checks, String labError, Path historyDir, String notRun) {
        this(name, startedAt, duration, fault, recovery, checks, labError, historyDir, notRun, Map.of());
    }

    /** A scenario that ran. */
    public ScenarioResult(String name, Instant startedAt, Duration duration, String fault, String recovery,
                          List<CheckResult> checks, String labError, Path historyDir) {
        this(name, startedAt, duration, fault, recovery, checks, labError, historyDir, null);
    }

    /** A scenario that did not run, and why not. */
    public static ScenarioResult notRun(String name, String why, Path historyDir) {
        return new ScenarioResult(name, Instant.now(), Duration.ZERO, null, null, List.of(), null, historyDir, why);
    }

    /** Whether any check missed its limit: something measured on the change. */
    public boolean missedACheck() {
        return checks.stream().anyMatch(c -> !c.passed());
    }
}
