package dev.hagate.check;

import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How many times the gateway IP moved from one router to another, from a history of gateway samples: each
 * time the single router answering for it differs from the last single one seen. Samples with no router or
 * with several (counted by {@code duplicate-gateway}) are passed over. One failure should move it once; a
 * router that takes it back when it returns (preemption) moves it twice, each move an outage and lost NAT state.
 */
public final class GatewayMovesCheck implements Check {

    private static final int MOVES_SHOWN = 5;
    private final String probe;
    private final long limit;

    public GatewayMovesCheck(String probe, long limit) {
        this.probe = probe;
        this.limit = limit;
    }

    @Override
    public String name() {
        return "gateway-moves(" + probe + ")";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> taken = histories.of(probe).stream()
                .filter(o -> o.op().equals(OperationNames.HOLDERS) && o.ok() && o.value() != null).toList();
        Timeline timeline = Timeline.of(taken);
        List<Operation> samples = taken.stream().sorted(Comparator.comparingLong(timeline::invoked)).toList();
        String last = null;
        List<String> moves = new ArrayList<>();
        for (Operation o : samples) {
            List<String> holders = DuplicateGatewayCheck.nodes(o.value());
            if (holders.size() != 1) {
                continue;
            }
            String holder = holders.get(0);
            if (last != null && !last.equals(holder)) {
                moves.add(last + " -> " + holder + " at " + o.invokedAt());
            }
            last = holder;
        }
        if (last == null) {
            return CheckResult.unmeasurable(name(), limit, "moves", samples.isEmpty() ? "the probe recorded no gateway samples"
                    : "no single router ever answered for the gateway in " + samples.size() + " samples");
        }
        String detail = moves.isEmpty() ? "the gateway stayed on " + last
                : String.join("; ", moves.subList(0, Math.min(moves.size(), MOVES_SHOWN))) + (moves.size() > MOVES_SHOWN ? " ..." : "");
        return CheckResult.measured(name(), moves.size(), limit, "moves", detail);
    }
}
