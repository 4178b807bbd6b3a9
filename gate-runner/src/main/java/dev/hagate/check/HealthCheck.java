package dev.hagate.check;

import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.probe.CloudHealth;
import java.util.List;

/**
 * Whether the cloud was healthy after the scenario: the {@code health} operations the runner recorded in the
 * scenario's history (cluster sizes, queue leaders, a token through every node, Tempest's identity smoke
 * tests), counting those that failed. A scenario that leaves the cloud unhealthy fails, however well the
 * clients fared during it.
 */
public final class HealthCheck implements Check {

    private final long limit;

    public HealthCheck(long limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return "healthy-after";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> health = histories.of(History.SCENARIO).stream()
                .filter(o -> o.op().equals(CloudHealth.OPERATION)).toList();
        if (health.isEmpty()) {
            return CheckResult.unmeasurable(name(), limit, "unhealthy", "the scenario recorded no health checks");
        }
        List<Operation> failed = health.stream().filter(o -> !o.ok()).toList();
        String detail = failed.isEmpty() ? "all " + health.size() + " health checks passed"
                : String.join("; ", failed.stream().map(Operation::detail).toList());
        return CheckResult.measured(name(), failed.size(), limit, "unhealthy", detail);
    }
}
