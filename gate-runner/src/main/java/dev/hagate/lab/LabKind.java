package dev.hagate.lab;

import dev.hagate.topology.LabFields;
import dev.hagate.topology.Topology;

/**
 * One kind of lab, declared beside its class: the topology fields it takes (declared in {@code topology},
 * where the loader validates them) and how a lab of this kind is built and reached. {@link LabKinds} finds
 * every kind.
 */
public record LabKind(LabFields fields, Build up, Build attach) {

    /** Builds a lab of this kind, or connects to one that is up. */
    @FunctionalInterface
    public interface Build {
        Lab apply(Topology topology, LabDirectory dir);
    }

    public String name() {
        return fields.kind();
    }
}
