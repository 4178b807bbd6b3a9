package dev.hagate.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Deliveries beyond the first of the same id in the probe's final {@code read}: what a consumer had to
 * de-duplicate (a message redelivered after its acknowledgement was lost in a failover).
 */
public final class DuplicatesCheck implements Check {

    private final String probe;
    private final long limit;

    public DuplicatesCheck(String probe, long limit) {
        this.probe = probe;
        this.limit = limit;
    }

    @Override
    public String name() {
        return "duplicates(" + probe + ")";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        Optional<Operation> read = histories.of(probe).stream().filter(o -> o.op().equals(OperationNames.READ) && o.ok() && o.value() != null)
                .reduce((first, second) -> second);
        if (read.isEmpty()) {
            return CheckResult.unmeasurable(name(), limit, "duplicates", "the probe recorded no final read");
        }
        Optional<String> unreadable = LostWritesCheck.unreadableIds(read.get());
        if (unreadable.isPresent()) {
            return CheckResult.unmeasurable(name(), limit, "duplicates", unreadable.get());
        }
        if (read.get().value().isEmpty()) {
            // Nothing consumed has no duplicates, and says nothing about redelivery either.
            return CheckResult.unmeasurable(name(), limit, "duplicates", "nothing was consumed");
        }
        Set<Long> seen = new HashSet<>();
        long duplicates = 0;
        for (JsonNode id : read.get().value()) {
            if (!seen.add(id.asLong())) {
                duplicates++;
            }
        }
        return CheckResult.measured(name(), duplicates, limit, "duplicates",
                duplicates + " duplicate deliveries among " + read.get().value().size() + " (" + seen.size() + " distinct)");
    }
}
