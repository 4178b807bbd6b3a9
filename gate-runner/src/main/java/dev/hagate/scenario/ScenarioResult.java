package dev.hagate.scenario;

import dev.hagate.check.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one scenario run produced: the fault applied, every check's result, and, when the lab broke under
 * it, why (then the checks may be incomplete and the scenario cannot vote).
 *
 * @param labError null unless the lab broke during the scenario
 */
public record ScenarioResult(String name, Instant startedAt, Duration duration, String fault, String recovery,
                             List<CheckResult> checks, String labError, Path historyDir) {}
