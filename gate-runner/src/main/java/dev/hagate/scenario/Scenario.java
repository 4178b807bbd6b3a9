package dev.hagate.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One failure scenario: the clients that keep working ({@code probes}), the {@code fault}, how long each
 * phase lasts, and the SLA {@code checks} the run is judged on. Validated by {@link ScenarioLoader}.
 *
 * @param warmup   how long the probes run before the fault
 * @param hold     how long the fault stays in effect before it is undone
 * @param cooldown how long the probes keep running after recovery
 */
public record Scenario(Path source, String name, String description, FaultSpec fault, Duration warmup, Duration hold,
                       Duration cooldown, List<ProbeSpec> probes, List<CheckSpec> checks) {

    /**
     * @param target which node to hit: {@code writer} (where HAProxy sends writes now), {@code vip-holder} or a
     *               node name
     * @param port   the one port a {@code partition} cuts; null for all traffic
     */
    public record FaultSpec(String kind, String target, Integer port) {
        public FaultSpec(String kind, String target) {
            this(kind, target, null);
        }
    }

    /** @param rate operations per second */
    public record ProbeSpec(String kind, Double rate) {}

    /** @param limit a duration ({@code 10s}) for time checks, a whole number for counts */
    public record CheckSpec(String kind, String probe, Object limit) {}
}
