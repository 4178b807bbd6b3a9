package dev.hagate.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hagate.probe.Histories;
import dev.hagate.probe.Operation;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Acknowledged writes missing from the final read: every {@code write} the probe saw succeed must be in the
 * value of its last successful {@code read}. Writes with an unknown outcome may or may not be there.
 */
public final class LostWritesCheck implements Check {

    private static final int IDS_SHOWN = 10;
    private final String probe;
    private final long limit;

    public LostWritesCheck(String probe, long limit) {
        this.probe = probe;
        this.limit = limit;
    }

    @Override
    public String name() {
        return "lost-writes(" + probe + ")";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> ops = histories.of(probe);
        Optional<Operation> read = ops.stream().filter(o -> o.op().equals("read") && o.ok() && o.value() != null)
                .reduce((first, second) -> second);
        if (read.isEmpty()) {
            String why = ops.stream().filter(o -> o.op().equals("read")).reduce((a, b) -> b)
                    .map(o -> "the final read failed: " + o.detail()).orElse("the probe recorded no final read");
            return CheckResult.unmeasurable(name(), limit, "writes", why);
        }
        Set<Long> present = new HashSet<>();
        for (JsonNode id : read.get().value()) {
            present.add(id.asLong());
        }
        TreeSet<Long> lost = new TreeSet<>();
        long acknowledged = 0;
        for (Operation o : ops) {
            if (o.op().equals("write") && o.ok()) {
                acknowledged++;
                if (!present.contains(o.value().asLong())) {
                    lost.add(o.value().asLong());
                }
            }
        }
        if (acknowledged == 0) {
            return CheckResult.unmeasurable(name(), limit, "writes", "no write was acknowledged, so none could be lost");
        }
        String detail = lost.isEmpty() ? "all " + acknowledged + " acknowledged writes read back"
                : lost.size() + " of " + acknowledged + " acknowledged writes missing, ids "
                + lost.stream().limit(IDS_SHOWN).toList() + (lost.size() > IDS_SHOWN ? " ..." : "");
        return CheckResult.measured(name(), lost.size(), limit, "writes", detail);
    }
}
