package dev.hagate.lab;

import java.util.List;
import java.util.Optional;

/** Every kind of lab this runner builds; a new kind is its class with its declaration and one line here. */
public final class LabKinds {

    private static final List<LabKind> ALL = List.of(NetnsLab.DECLARATION, LibvirtLab.DECLARATION, BareMetalLab.DECLARATION,
            ContainerLab.DECLARATION);

    private LabKinds() {}

    public static List<LabKind> all() {
        return ALL;
    }

    public static Optional<LabKind> find(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }
}
