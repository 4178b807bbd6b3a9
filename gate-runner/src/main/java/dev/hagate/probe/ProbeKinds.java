package dev.hagate.probe;

import java.util.List;
import java.util.Optional;

/** Every kind of probe a scenario file may name, in the order messages list them; a new probe is one line here. */
public final class ProbeKinds {

    private static final List<ProbeKind> ALL = List.of(SqlWriteProbe.DECLARATION, AmqpProbe.DECLARATION,
            KeystoneTokenProbe.DECLARATION, SqlContentionProbe.DECLARATION, RouterPingProbe.DECLARATION,
            GatewayHoldersProbe.DECLARATION, NeutronApiProbe.DECLARATION);

    private ProbeKinds() {}

    public static List<ProbeKind> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(ProbeKind::name).toList();
    }

    public static Optional<ProbeKind> find(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }
}
