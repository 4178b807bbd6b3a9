package dev.hagate.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic histories: operations at given milliseconds after a fixed instant. By default timed on the wall
 * clock only, as histories were before the monotonic clock; {@link #monotonic} adds it, and {@link #wallStep}
 * steps the wall clock while the monotonic one goes on.
 */
final class Ops {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private final String probe;
    private final List<Operation> ops = new ArrayList<>();
    private boolean monotonic;
    private final List<long[]> steps = new ArrayList<>();

    Ops(String probe) {
        this.probe = probe;
    }

    /** Operations added from now on carry the monotonic clock too: nanoseconds equal to their milliseconds. */
    Ops monotonic() {
        monotonic = true;
        return this;
    }

    /** The wall clock jumps by {@code stepMs} (either way) at {@code atMs}: for operations added from now on. */
    Ops wallStep(long atMs, long stepMs) {
        steps.add(new long[] {atMs, stepMs});
        return this;
    }

    private Instant wall(long ms) {
        long shifted = ms;
        for (long[] step : steps) {
            if (ms >= step[0]) {
                shifted += step[1];
            }
        }
        return T0.plusMillis(shifted);
    }

    Ops op(String op, long invokedMs, long completedMs, Result result, JsonNode value) {
        return op(op, invokedMs, completedMs, result, null, value);
    }

    Ops op(String op, long invokedMs, long completedMs, Result result, String detail, JsonNode value) {
        ops.add(new Operation(probe, op, wall(invokedMs), wall(completedMs), result, detail, value,
                monotonic ? invokedMs * 1_000_000 : null, monotonic ? completedMs * 1_000_000 : null));
        return this;
    }

    /** The last operation added was answered with the server's error {@code code}. */
    Ops errorCode(int code) {
        ops.set(ops.size() - 1, ops.get(ops.size() - 1).withErrorCode(code));
        return this;
    }

    /** A write of row {@code id} at {@code ms} taking 5 ms. */
    Ops write(long id, long ms, Result result) {
        return op("write", ms, ms + 5, result, LongNode.valueOf(id));
    }

    /** Writes every {@code everyMs} from {@code fromMs} until before {@code toMs}, each taking 5 ms, numbered on from {@code firstId}. */
    Ops writes(long firstId, long fromMs, long toMs, long everyMs, Result result) {
        for (long ms = fromMs, id = firstId; ms < toMs; ms += everyMs, id++) {
            write(id, ms, result);
        }
        return this;
    }

    Ops read(long... ids) {
        var array = JsonNodeFactory.instance.arrayNode();
        for (long id : ids) {
            array.add(id);
        }
        return op("read", 100_000, 100_010, Result.OK, array);
    }

    /**
     * A scenario's own history: warm-up {@code 0..5 s}, the fault in effect at 5.1 s, hold to 20.1 s, recovery
     * to 24 s, cool-down to 29 s.
     */
    static Ops phases() {
        return new Ops("scenario").monotonic().phasesOn();
    }

    /** The phases of {@link #phases}, on this builder's clocks. */
    Ops phasesOn() {
        return op("warmup", 0, 5_000, Result.OK, null).op("fault", 5_000, 5_100, Result.OK, null)
                .op("hold", 5_100, 20_100, Result.OK, null).op("recover", 20_100, 24_000, Result.OK, null)
                .op("cooldown", 24_000, 29_000, Result.OK, null);
    }

    History history() {
        return History.inMemory(probe, ops);
    }

    List<Operation> list() {
        return List.copyOf(ops);
    }
}
