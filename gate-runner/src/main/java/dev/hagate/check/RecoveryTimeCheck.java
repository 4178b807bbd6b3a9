package dev.hagate.check;

import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import java.time.Duration;
import java.util.Optional;

/**
 * How long recovery took: the scenario's {@code recover} operation, from the undo of the fault (a restart,
 * a heal) until the service was whole again (for Galera: all nodes Synced, cluster size complete).
 */
public final class RecoveryTimeCheck implements Check {

    /** The scenario runner records its own phases in a history under this name. */
    private final Duration limit;

    public RecoveryTimeCheck(Duration limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return "recovery-time";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        double limitSeconds = MaxOutageCheck.seconds(limit);
        Optional<Operation> recover = histories.of(History.SCENARIO).stream()
                .filter(o -> o.op().equals(OperationNames.RECOVER)).reduce((a, b) -> b);
        if (recover.isEmpty()) {
            return CheckResult.unmeasurable(name(), limitSeconds, "s", "the scenario recorded no recovery");
        }
        Operation r = recover.get();
        double took = MaxOutageCheck.seconds(r.latency());
        if (!r.ok()) {
            return new CheckResult(name(), took, limitSeconds, "s", false, "did not recover: " + r.detail());
        }
        return CheckResult.measured(name(), took, limitSeconds, "s", r.detail());
    }
}
