package dev.hagate.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The longest time two or more routers answered for the gateway IP at once, from a history of gateway
 * samples ({@code holders} operations whose value lists the answering nodes). A duplicate runs from the
 * invocation of the first sample showing it to the completion of the next sample that no longer does (so one
 * sample counts for at least the sampling interval); a duplicate still there at the last sample fails the check
 * whatever its length. Samples that could not be taken ({@code unknown}) neither start nor end one.
 */
public final class DuplicateGatewayCheck implements Check {

    private final String probe;
    private final Duration limit;

    public DuplicateGatewayCheck(String probe, Duration limit) {
        this.probe = probe;
        this.limit = limit;
    }

    @Override
    public String name() {
        return "duplicate-gateway(" + probe + ")";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> taken = histories.of(probe).stream().filter(o -> o.op().equals(OperationNames.HOLDERS) && o.ok() && o.value() != null).toList();
        Timeline timeline = Timeline.of(taken);
        List<Operation> samples = taken.stream().sorted(Comparator.comparingLong(timeline::invoked)).toList();
        double limitSeconds = MaxOutageCheck.seconds(limit);
        if (samples.isEmpty()) {
            return CheckResult.unmeasurable(name(), limitSeconds, "s", "the probe recorded no gateway samples");
        }
        Operation start = null;
        List<String> who = List.of();
        Duration worst = Duration.ZERO;
        String worstDetail = null;
        for (Operation o : samples) {
            List<String> holders = nodes(o.value());
            if (holders.size() > 1) {
                if (start == null) {
                    start = o;
                    who = holders;
                }
            } else if (start != null) {
                Duration d = Duration.ofNanos(timeline.completed(o) - timeline.invoked(start));
                if (d.compareTo(worst) > 0) {
                    worst = d;
                    worstDetail = String.join(" and ", who) + " both answered for the gateway from " + start.invokedAt();
                }
                start = null;
            }
        }
        if (start != null) {
            Duration open = Duration.ofNanos(timeline.completed(samples.get(samples.size() - 1)) - timeline.invoked(start));
            return new CheckResult(name(), MaxOutageCheck.seconds(open), limitSeconds, "s", false,
                    String.join(" and ", who) + " still both answered for the gateway at the last sample (since " + start.invokedAt() + ")");
        }
        return CheckResult.measured(name(), MaxOutageCheck.seconds(worst), limitSeconds, "s",
                worstDetail == null ? "one router at most answered for the gateway in all " + samples.size() + " samples" : worstDetail);
    }

    static List<String> nodes(JsonNode value) {
        List<String> nodes = new ArrayList<>();
        value.forEach(n -> nodes.add(n.asText()));
        return nodes;
    }
}
