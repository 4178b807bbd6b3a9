package dev.hagate.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.probe.History;
import dev.hagate.probe.Operation;
import dev.hagate.probe.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Synthetic histories: operations at given milliseconds after a fixed instant. */
final class Ops {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private final String probe;
    private final List<Operation> ops = new ArrayList<>();

    Ops(String probe) {
        this.probe = probe;
    }

    Ops op(String op, long invokedMs, long completedMs, Result result, JsonNode value) {
        return op(op, invokedMs, completedMs, result, null, value);
    }

    Ops op(String op, long invokedMs, long completedMs, Result result, String detail, JsonNode value) {
        ops.add(new Operation(probe, op, T0.plusMillis(invokedMs), T0.plusMillis(completedMs), result, detail, value));
        return this;
    }

    /** A write of row {@code id} at {@code ms} taking 5 ms. */
    Ops write(long id, long ms, Result result) {
        return op("write", ms, ms + 5, result, LongNode.valueOf(id));
    }

    Ops read(long... ids) {
        var array = JsonNodeFactory.instance.arrayNode();
        for (long id : ids) {
            array.add(id);
        }
        return op("read", 100_000, 100_010, Result.OK, array);
    }

    History history() {
        return History.inMemory(probe, ops);
    }
}
