package dev.hagate.check;

import dev.hagate.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clients of one probe, each judged on its own: interleaved, one client's long outage would hide between
 * the others' successes. Most probes have one; a probe with several ({@code sql-contention}) records the
 * number of the client that made each operation (1 to {@code count}) as the operation's value.
 */
public record Clients(int count) {

    public static final Clients ONE = new Clients(1);

    /**
     * The operations of each client by its name ({@code client 2}; the empty name for a probe with one client),
     * in order, every client present even when it recorded nothing. An operation whose value names no client
     * is kept under {@code client ?}, so it is judged rather than dropped.
     */
    public Map<String, List<Operation>> split(List<Operation> ops) {
        Map<String, List<Operation>> byClient = new LinkedHashMap<>();
        if (count == 1) {
            byClient.put("", ops);
            return byClient;
        }
        for (int i = 1; i <= count; i++) {
            byClient.put("client " + i, new ArrayList<>());
        }
        for (Operation o : ops) {
            boolean named = o.value() != null && o.value().canConvertToInt() && o.value().isIntegralNumber()
                    && o.value().asInt() >= 1 && o.value().asInt() <= count;
            byClient.computeIfAbsent(named ? "client " + o.value().asInt() : "client ?", k -> new ArrayList<>()).add(o);
        }
        return byClient;
    }

    /** " (client 2)" for a probe with several clients; nothing for one. */
    static String suffix(String client) {
        return client.isEmpty() ? "" : " (" + client + ")";
    }
}
