package dev.hagate.fault;

import java.util.List;
import java.util.Optional;

/** Every kind of fault a scenario file may name, in the order messages list them; a new fault is one line here. */
public final class FaultKinds {

    private static final List<FaultKind> ALL = List.of(KillGaleraNodeFault.DECLARATION, PowerOffFault.DECLARATION,
            PartitionFault.DECLARATION, NoFault.DECLARATION, DropL3AgentFault.DECLARATION, DropL3AgentFault.HOST_UP_DECLARATION,
            StopL3AgentFault.DECLARATION);

    private FaultKinds() {}

    public static List<FaultKind> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(FaultKind::name).toList();
    }

    public static Optional<FaultKind> find(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }
}
