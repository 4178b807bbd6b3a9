package dev.hagate.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one gate run produced, before it is judged ({@code vote}) and reported ({@code report}).
 *
 * @param change          what was under test (repository, commit, whether it had uncommitted changes)
 * @param timings         wall time of each stage in milliseconds: lab-up, deploy, scenarios, lab-down
 * @param deploymentError non-null when the services did not come up from the change's configuration
 * @param labError        non-null when the lab broke (then nothing else counts)
 */
public record RunResult(String runId, Instant startedAt, Duration duration, Map<String, String> change,
                        String topology, String plan, Map<String, Long> timings, List<ScenarioResult> scenarios,
                        String deploymentError, String labError) {}
