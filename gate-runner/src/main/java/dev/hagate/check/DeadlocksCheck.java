package dev.hagate.check;

import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import dev.hagate.probe.SqlContentionProbe;
import java.util.List;

/**
 * Transactions aborted with a deadlock (MariaDB error 1213), each of which the client had to retry. Behind
 * one Galera writer concurrent transactions on the same rows only wait for each other; spread over several
 * writers, Galera's certification aborts them.
 */
public final class DeadlocksCheck implements Check {

    private final String probe;
    private final long limit;

    public DeadlocksCheck(String probe, long limit) {
        this.probe = probe;
        this.limit = limit;
    }

    @Override
    public String name() {
        return "deadlocks(" + probe + ")";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> ops = histories.of(probe);
        if (ops.isEmpty()) {
            return CheckResult.unmeasurable(name(), limit, "deadlocks", "the probe recorded no transactions");
        }
        long deadlocks = ops.stream().filter(o -> !o.ok() && o.errorCode() != null && o.errorCode() == SqlContentionProbe.DEADLOCK).count();
        long committed = ops.stream().filter(Operation::ok).count();
        long otherFailures = ops.stream().filter(o -> !o.ok()).count() - deadlocks;
        if (committed == 0) {
            return CheckResult.unmeasurable(name(), limit, "deadlocks", "no transaction committed (" + ops.size() + " tried)");
        }
        return CheckResult.measured(name(), deadlocks, limit, "deadlocks", deadlocks + " deadlocks retried, " + committed
                + " transactions committed" + (otherFailures > 0 ? ", " + otherFailures + " other failures" : ""));
    }
}
