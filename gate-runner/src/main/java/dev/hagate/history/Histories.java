package dev.hagate.history;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The histories of one scenario run, by probe name. What every check reads, and all it reads. */
public final class Histories {

    private final Map<String, History> byProbe = new LinkedHashMap<>();

    public Histories add(History history) {
        byProbe.put(history.probe(), history);
        return this;
    }

    /** The operations of {@code probe}; empty when that probe recorded nothing. */
    public List<Operation> of(String probe) {
        History history = byProbe.get(probe);
        return history == null ? List.of() : history.operations();
    }

    public Iterable<History> all() {
        return byProbe.values();
    }
}
