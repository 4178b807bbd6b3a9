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
 * @param software        what the cloud ran: the Debian release and the main packages' versions
 *                        ({@code dev.hagate.lab.SoftwareVersions}); empty when the lab never came up
 */
public record RunResult(String runId, Instant startedAt, Duration duration, Map<String, String> change,
                        String topology, String plan, Map<String, Long> timings, List<ScenarioResult> scenarios,
                        String deploymentError, String labError, Map<String, String> software) {

    /** A run whose software was not asked (the lab never came up). */
    public RunResult(String runId, Instant startedAt, Duration duration, Map<String, String> change, String topology,
                     String plan, Map<String, Long> timings, List<ScenarioResult> scenarios, String deploymentError,
                     String labError) {
        this(runId, startedAt, duration, change, topology, plan, timings, scenarios, deploymentError, labError, Map.of());
    }
}
