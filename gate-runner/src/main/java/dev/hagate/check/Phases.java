package dev.hagate.check;

import dev.hagate.history.Histories;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import java.util.Optional;

/**
 * The phases the scenario runner records in its own history ({@value RecoveryTimeCheck#SCENARIO_HISTORY}), each
 * one operation from its start to its end: warm-up, the fault's injection (complete once the fault is in
 * effect), hold, recovery, cool-down.
 */
public final class Phases {

    public static final String WARMUP = OperationNames.WARMUP;
    public static final String FAULT = OperationNames.FAULT;
    public static final String HOLD = OperationNames.HOLD;
    public static final String COOLDOWN = OperationNames.COOLDOWN;

    private Phases() {}

    /** The phase named {@code name}, when the scenario recorded it whole. */
    public static Optional<Operation> find(Histories histories, String name) {
        return histories.of(History.SCENARIO).stream().filter(o -> o.op().equals(name) && o.ok())
                .reduce((first, second) -> second);
    }

    /** How a reader writes the phase: warm-up, hold, cool-down. */
    public static String label(String name) {
        return switch (name) {
            case WARMUP -> "warm-up";
            case COOLDOWN -> "cool-down";
            default -> name;
        };
    }
}
