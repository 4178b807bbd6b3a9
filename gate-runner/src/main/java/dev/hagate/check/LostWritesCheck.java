package dev.hagate.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hagate.history.Histories;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Acknowledged writes missing from the final read: every write the probe saw succeed (a committed row, a
 * confirmed message) must be in the value of its last successful {@code read}. Writes with an unknown outcome
 * may or may not be there.
 */
public final class LostWritesCheck implements Check {

    private static final int IDS_SHOWN = 10;
    private final String kind;
    private final String probe;
    private final String writeOp;
    private final long limit;

    /** Rows the SQL writer committed: {@code write} operations. */
    public LostWritesCheck(String probe, long limit) {
        this("lost-writes", probe, OperationNames.WRITE, limit);
    }

    /**
     * @param kind    the check's name in reports ({@code lost-messages})
     * @param writeOp the operation whose successes must all be read back ({@code publish})
     */
    public LostWritesCheck(String kind, String probe, String writeOp, long limit) {
        this.kind = kind;
        this.probe = probe;
        this.writeOp = writeOp;
        this.limit = limit;
    }

    @Override
    public String name() {
        return kind + "(" + probe + ")";
    }

    @Override
    public CheckResult evaluate(Histories histories) {
        List<Operation> ops = histories.of(probe);
        Optional<Operation> read = ops.stream().filter(o -> o.op().equals(OperationNames.READ) && o.ok() && o.value() != null)
                .reduce((first, second) -> second);
        if (read.isEmpty()) {
            String why = ops.stream().filter(o -> o.op().equals(OperationNames.READ)).reduce((a, b) -> b)
                    .map(o -> "the final read failed: " + o.detail()).orElse("the probe recorded no final read");
            return CheckResult.unmeasurable(name(), limit, "writes", why);
        }
        Optional<String> unreadable = unreadableIds(read.get());
        if (unreadable.isPresent()) {
            return CheckResult.unmeasurable(name(), limit, "writes", unreadable.get());
        }
        Set<Long> present = new HashSet<>();
        for (JsonNode id : read.get().value()) {
            present.add(id.asLong());
        }
        TreeSet<Long> lost = new TreeSet<>();
        long acknowledged = 0;
        for (Operation o : ops) {
            if (o.op().equals(writeOp) && o.ok()) {
                // An acknowledged write that names no row cannot be looked for: it must not count as found.
                if (!isId(o.value())) {
                    return CheckResult.unmeasurable(name(), limit, "writes", "the acknowledged " + writeOp + " at " + o.invokedAt()
                            + (o.value() == null ? " has no id" : " has the id " + o.value() + ", which is not a number"));
                }
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

    /** Whether {@code value} is an id: a whole number. */
    static boolean isId(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong();
    }

    /** What is wrong with a final read's value, if it is not a list of ids. */
    static Optional<String> unreadableIds(Operation read) {
        if (!read.value().isArray()) {
            return Optional.of("the final read holds " + read.value() + ", not a list of ids");
        }
        for (JsonNode id : read.value()) {
            if (!isId(id)) {
                return Optional.of("the final read holds " + id + ", which is not a number");
            }
        }
        return Optional.empty();
    }
}
